import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * One sign-in on one device: a refresh-token family (`refresh_tokens.family_id` is this id).
 * Access tokens carry it (`sid`), so revoking the session stops them too.
 */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('sessions_user_id_idx')
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column('uuid')
  userId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz')
  lastUsedAt!: Date;

  /** Ends with the newest refresh token of the family. */
  @Column('timestamptz')
  expiresAt!: Date;

  @Column('text', { nullable: true })
  ip!: string | null;

  @Column('text', { nullable: true })
  userAgent!: string | null;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
