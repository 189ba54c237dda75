import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One coupon code of a perk's pool. A code goes to one member (`userId` set once, under a row lock
 * with SKIP LOCKED) and a member gets one code per perk (partial unique index).
 */
@Entity('perk_codes')
@Index('perk_codes_perk_id_code_key', ['perkId', 'code'], { unique: true })
@Index('perk_codes_perk_id_user_id_key', ['perkId', 'userId'], { unique: true, where: 'user_id IS NOT NULL' })
@Index('perk_codes_free_idx', ['perkId', 'id'], { where: 'user_id IS NULL' })
export class PerkCodeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('perks', { onDelete: 'CASCADE' })
  @Column('uuid')
  perkId!: string;

  @Column('text')
  code!: string;

  @ForeignKey('users', { onDelete: 'SET NULL' })
  @Column('uuid', { nullable: true })
  userId!: string | null;

  @Column('timestamptz', { nullable: true })
  givenAt!: Date | null;
}
