import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { DomainError, RateLimitedError } from '../common/domain-error';
import { currentIp } from '../common/request-context';
import { DatabaseService } from '../database/database.service';
import { LoginAttemptRepository } from './login-attempt.repository';
import type { UserEntity } from './user.entity';

/** Failures from one address for one account before each further attempt waits (exponential backoff). */
export const BACKOFF_AFTER = 5;
/** Failures for one account, from anywhere, that lock it. */
export const LOCK_AFTER = 10;
/** Failures older than this are forgotten; also how long a lock lasts. */
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;
/** The longest backoff between attempts. */
const MAX_BACKOFF_SECONDS = 300;

export interface AttemptState {
  failures: number;
  blockedUntil: Date | null;
  lockedUntil: Date | null;
}

/** Why an attempt must not be checked now, and for how many seconds. */
export type Refusal = { reason: 'locked' | 'backoff'; retryAfterSeconds: number } | null;

/** Whether an attempt may be checked now, given the account's and the address's states. */
export function refusal(account: AttemptState | null, address: AttemptState | null, now: Date): Refusal {
  const lockedUntil = account?.lockedUntil;
  if (lockedUntil && lockedUntil > now) return { reason: 'locked', retryAfterSeconds: seconds(lockedUntil, now) };
  const blockedUntil = [account?.blockedUntil, address?.blockedUntil].filter((d): d is Date => Boolean(d && d > now)).sort((a, b) => b.getTime() - a.getTime())[0];
  return blockedUntil ? { reason: 'backoff', retryAfterSeconds: seconds(blockedUntil, now) } : null;
}

/** The wait after the `failures`-th failure from one address: none before BACKOFF_AFTER, then 2, 4, 8 … seconds. */
export function backoffSeconds(failures: number): number {
  return failures < BACKOFF_AFTER ? 0 : Math.min(MAX_BACKOFF_SECONDS, 2 ** (failures - BACKOFF_AFTER + 1));
}

const seconds = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * Backoff and lockout of sign-ins. Counted per email given (known or not: unknown emails behave
 * the same) and per address and email: BACKOFF_AFTER failures from one address make each further
 * attempt from it wait, growing exponentially; LOCK_AFTER failures from anywhere within the window
 * lock the account for LOCK_MS, even for the right password. A success clears both counts.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly db: DatabaseService,
    private readonly attempts: LoginAttemptRepository,
    private readonly activity: ActivityService,
  ) {}

  /** 429 when the account is locked or this address must wait. */
  async check(email: string): Promise<void> {
    const keys = keysFor(email);
    const rows = await this.attempts.find([keys.account, keys.address]);
    const refused = refusal(rows.get(keys.account) ?? null, rows.get(keys.address) ?? null, new Date());
    if (refused) throw refusalError(refused);
  }

  /** Counts a failed attempt; the error to answer with (401, or 429 when this failure locked the account). */
  async failed(email: string, user: UserEntity | null): Promise<DomainError> {
    const keys = keysFor(email);
    const locked = await this.db.transaction(async () => {
      const accountFailures = await this.attempts.countFailure(keys.account, WINDOW_MS);
      const addressFailures = await this.attempts.countFailure(keys.address, WINDOW_MS);
      const wait = backoffSeconds(addressFailures);
      if (wait > 0) await this.attempts.block(keys.address, { blockedUntil: new Date(Date.now() + wait * 1000) });
      if (accountFailures < LOCK_AFTER) return false;
      await this.attempts.block(keys.account, { lockedUntil: new Date(Date.now() + LOCK_MS) });
      if (user && accountFailures === LOCK_AFTER) {
        await this.activity.record({ type: 'account.locked', actorId: user.id, subject: { type: 'user', id: user.id }, data: { minutes: LOCK_MS / 60_000 } });
      }
      return true;
    });
    return locked ? refusalError({ reason: 'locked', retryAfterSeconds: LOCK_MS / 1000 }) : invalidCredentials();
  }

  async succeeded(email: string): Promise<void> {
    const keys = keysFor(email);
    await this.attempts.clear([keys.account, keys.address]);
  }

  /** After a password reset the account is unlocked (whoever reset it holds the mailbox). */
  async unlock(email: string): Promise<void> {
    await this.attempts.clear([keysFor(email).account]);
  }
}

export const invalidCredentials = () => new DomainError('unauthorized', 'INVALID_CREDENTIALS', 'Invalid email or password');

function keysFor(email: string) {
  return { account: `account:${email}`, address: `ip:${currentIp() ?? 'unknown'}|${email}` };
}

function refusalError(refused: NonNullable<Refusal>): RateLimitedError {
  return refused.reason === 'locked'
    ? new RateLimitedError(
        'ACCOUNT_LOCKED',
        `Too many failed sign-ins: this account is locked for ${Math.ceil(refused.retryAfterSeconds / 60)} minutes. Try again later, or reset your password to unlock it.`,
        refused.retryAfterSeconds,
      )
    : new RateLimitedError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins: wait ${refused.retryAfterSeconds} seconds before trying again.`, refused.retryAfterSeconds);
}
