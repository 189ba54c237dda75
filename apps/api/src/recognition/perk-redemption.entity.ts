import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** A member's first redemption of a perk (counted per perk; a second call changes nothing). */
@Entity('perk_redemptions')
export class PerkRedemptionEntity {
  @ForeignKey('perks', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  perkId!: string;

  @ForeignKey('users', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  userId!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  redeemedAt!: Date;
}
