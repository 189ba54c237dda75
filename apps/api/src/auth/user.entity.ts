import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Normalised: trimmed and lower-cased. */
  @Index('users_email_key', { unique: true })
  @Column('text')
  email!: string;

  @Column('text')
  displayName!: string;

  @Column('text')
  passwordHash!: string;

  @Column('timestamptz', { nullable: true })
  emailVerifiedAt!: Date | null;

  @Column('text', { default: 'ja' })
  locale!: string;

  /** The TOTP secret in use, encrypted (see secret-box.ts); null without two-factor sign-in. */
  @Column('text', { nullable: true })
  twoFactorSecret!: string | null;

  /** A secret being enrolled (encrypted): it becomes `twoFactorSecret` once a code from it is confirmed. */
  @Column('text', { nullable: true })
  twoFactorPendingSecret!: string | null;

  @Column('timestamptz', { nullable: true })
  twoFactorEnabledAt!: Date | null;

  /** The TOTP time step of the last accepted code: a code is never accepted twice (replay). */
  @Column('int', { nullable: true })
  twoFactorLastStep!: number | null;

  /** Set when the person erased their account: a tombstone that keeps ids in history and counts. */
  @Column('timestamptz', { nullable: true })
  erasedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
