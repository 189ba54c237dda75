import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The title (称号) a member chose to show in a community: the title of a badge they hold. */
@Entity('shown_titles')
export class ShownTitleEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @ForeignKey('badges', { onDelete: 'CASCADE' })
  @Column('uuid')
  badgeId!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
