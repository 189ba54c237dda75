import type { Role } from '@kizuna/contracts';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('memberships')
@Index('memberships_community_id_user_id_key', ['communityId', 'userId'], { unique: true })
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Index('memberships_user_id_idx')
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column('uuid')
  userId!: string;

  @Column('text', { default: 'member' })
  role!: Role;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt!: Date;

  /** Suspended members keep reading but cannot post or react, and are left off the leaderboard. */
  @Column('timestamptz', { nullable: true })
  suspendedAt!: Date | null;

  @Column('text', { nullable: true })
  suspendedReason!: string | null;

  /** The member erased their account: still counted, no longer listed, ranked or shown. */
  @Column('timestamptz', { nullable: true })
  erasedAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
