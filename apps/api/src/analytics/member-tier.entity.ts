import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A member's engagement tier as last computed, so a change of tier is noticed and recorded once. */
@Entity('analytics_member_tiers')
export class MemberTierEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @Column('text')
  tier!: string;

  @Column('real')
  score!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
