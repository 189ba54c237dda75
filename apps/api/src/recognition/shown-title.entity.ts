import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The title (称号) a member chose to show in a community: a badge id or `rank:<key>`. */
@Entity('shown_titles')
export class ShownTitleEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @Column('text')
  titleId!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
