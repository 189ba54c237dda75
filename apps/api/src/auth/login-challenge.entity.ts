import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The second step of a sign-in with two-factor on: short-lived, single use. Only its SHA-256 is stored. */
@Entity('login_challenges')
export class LoginChallengeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('login_challenges_user_id_idx')
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column('uuid')
  userId!: string;

  @Index('login_challenges_token_hash_key', { unique: true })
  @Column('text')
  tokenHash!: string;

  @Column('timestamptz')
  expiresAt!: Date;

  /** Wrong codes given so far; the challenge ends after a few. */
  @Column('int', { default: 0 })
  failures!: number;

  @Column('timestamptz', { nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
