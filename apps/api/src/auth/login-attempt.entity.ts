import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins under one key (`account:<email>` or `ip:<ip>|<email>`), for backoff and lockout.
 * Keyed by the email given, known or not, so unknown emails behave the same.
 */
@Entity('login_attempts')
export class LoginAttemptEntity {
  @PrimaryColumn('text')
  key!: string;

  @Column('int', { default: 0 })
  failures!: number;

  @Column('timestamptz')
  lastFailureAt!: Date;

  /** No attempt is checked before this (exponential backoff). */
  @Column('timestamptz', { nullable: true })
  blockedUntil!: Date | null;

  /** The account is locked until then, even for the right password. */
  @Column('timestamptz', { nullable: true })
  lockedUntil!: Date | null;
}
