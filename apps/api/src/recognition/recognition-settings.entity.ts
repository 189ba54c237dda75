import type { PointsTable, RankStep } from '@kizuna/engagement';
import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A community's points per action and rank ladder; communities without a row use the defaults. */
@Entity('recognition_settings')
export class RecognitionSettingsEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @Column('jsonb')
  points!: PointsTable;

  @Column('jsonb')
  ranks!: RankStep[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
