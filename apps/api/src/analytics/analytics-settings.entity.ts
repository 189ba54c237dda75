import type { EngagementTier } from '@kizuna/engagement';
import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A community's engagement weights per activity type and tier thresholds; defaults without a row. */
@Entity('analytics_settings')
export class AnalyticsSettingsEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @Column('jsonb')
  weights!: Record<string, number>;

  @Column('jsonb')
  tiers!: EngagementTier[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
