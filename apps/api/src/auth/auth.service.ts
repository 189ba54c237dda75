import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseService } from '../database/database.service';
import type { LoginDto, PasswordResetConfirmDto, RegisterDto } from './dto/auth.dto';
import { invalidCredentials, LoginThrottle } from './login-throttle';
import { passwordWeakness } from './password-policy';
import { type SessionMeta, SessionRepository } from './session.repository';
import { TokenRepository } from './token.repository';
import { type SecondFactor, TwoFactorService } from './two-factor.service';
import type { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

export interface Session {
  user: UserEntity;
  accessToken: string;
  expiresIn: number;
  /** Goes to the httpOnly cookie, never to the body. */
  refreshToken: string;
}

/** A sign-in: the session, or (two-factor on) the challenge its second step answers. */
export type LoginOutcome = { session: Session } | { challenge: string };

/** How long a just-rotated refresh token still works (concurrent tabs, retried requests). */
export const REUSE_GRACE_MS = 10_000;

/** Verifying a password for an unknown email costs the same as for a known one. */
const DUMMY_HASH = argon2.hash('kizuna-timing-equaliser', { type: argon2.argon2id });

const invalidRefresh = () => new DomainError('unauthorized', 'INVALID_REFRESH_TOKEN', 'Your session has expired; sign in again');

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DatabaseService,
    private readonly users: UserRepository,
    private readonly tokens: TokenRepository,
    private readonly activity: ActivityService,
    private readonly jwt: JwtService,
    private readonly sessions: SessionRepository,
    private readonly throttle: LoginThrottle,
    private readonly twoFactor: TwoFactorService,
  ) {}

  findAccount(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  /** The account a valid access token belongs to, or null (sockets authenticate with this). */
  async accountForAccessToken(token: string): Promise<UserEntity | null> {
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; sid?: unknown }>(token, { algorithms: ['HS256'] });
      return await this.accountForSession(payload);
    } catch {
      return null;
    }
  }

  /** The account of an access token's claims while its session is live (`sub` account, `sid` session), else null. */
  async accountForSession(payload: { sub?: unknown; sid?: unknown }): Promise<UserEntity | null> {
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
    return this.users.findWithLiveSession(payload.sub, payload.sid);
  }

  /** Display names (and whether erased) of accounts by id: for showing authors and actors. */
  accountNames(ids: string[]): Promise<Array<Pick<UserEntity, 'id' | 'displayName' | 'erasedAt'>>> {
    return this.users.findNames(ids);
  }

  findAccounts(ids: string[]): Promise<UserEntity[]> {
    return this.users.findByIds(ids);
  }

  /** Accounts that confirmed one of these emails (CRM links customers to them). */
  findVerifiedByEmails(emails: string[]): Promise<UserEntity[]> {
    return this.users.findVerifiedByEmails(emails);
  }

  findAccountsByDisplayNames(names: string[]): Promise<UserEntity[]> {
    return this.users.findByDisplayNames(names);
  }

  /** `meta`: where the session signs in from (none for accounts the seed creates). */
  async register(input: RegisterDto, meta: SessionMeta = { ip: null, userAgent: null }): Promise<Session> {
    const weakness = passwordWeakness(input.password, [input.email, input.displayName]);
    if (weakness) throw new DomainError('bad-request', 'WEAK_PASSWORD', weakness, 'password');
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    return this.db.transaction(async () => {
      const user = await this.users.insertIfEmailFree({
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        locale: input.locale ?? 'ja',
      });
      if (!user) throw new DomainError('conflict', 'EMAIL_TAKEN', 'email is already registered', 'email');
      await this.activity.record({ type: 'account.registered', actorId: user.id, subject: { type: 'user', id: user.id } });
      return this.startSession(user, null, meta);
    });
  }

  /** Backoff and lockout apply (see login-throttle.ts); with two-factor on, the answer is a challenge. */
  async login(input: LoginDto, meta: SessionMeta): Promise<LoginOutcome> {
    await this.throttle.check(input.email);
    const user = await this.users.findByEmail(input.email);
    const ok = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), input.password);
    if (!user || !ok) throw await this.throttle.failed(input.email, user);
    // With two-factor on, the failure counts are cleared only once the second step succeeds too.
    if (user.twoFactorEnabledAt) return { challenge: await this.twoFactor.openChallenge(user.id) };
    await this.throttle.succeeded(input.email);
    return { session: await this.db.transaction(() => this.startSession(user, null, meta)) };
  }

  /** The second step: a TOTP code or a recovery code for the challenge of the first. */
  async loginTwoFactor(challenge: string, factor: SecondFactor, meta: SessionMeta): Promise<Session> {
    const invalidChallenge = () => new DomainError('unauthorized', 'INVALID_CHALLENGE', 'This sign-in has expired or was already completed: sign in again');
    const owner = await this.twoFactor.challengeOwner(challenge);
    if (!owner) throw invalidChallenge();
    await this.throttle.check(owner.email);
    const outcome = await this.twoFactor.completeChallenge(challenge, factor);
    if ('failure' in outcome && outcome.failure === 'challenge') throw invalidChallenge();
    if ('failure' in outcome) {
      const error = await this.throttle.failed(outcome.user.email, outcome.user);
      throw error.code === 'INVALID_CREDENTIALS'
        ? new DomainError('unauthorized', 'INVALID_TWO_FACTOR_CODE', 'The code is wrong, expired or already used', factor.code !== undefined ? 'code' : 'recoveryCode')
        : error;
    }
    await this.throttle.succeeded(outcome.user.email);
    return this.db.transaction(() => this.startSession(outcome.user, null, meta));
  }

  /** Changes the password after the current one; every other session ends. */
  async changePassword(user: UserEntity, sessionId: string | null, currentPassword: string, newPassword: string): Promise<void> {
    if (!(await argon2.verify(user.passwordHash, currentPassword))) {
      throw new DomainError('bad-request', 'WRONG_PASSWORD', 'currentPassword is not your current password', 'currentPassword');
    }
    const weakness = passwordWeakness(newPassword, [user.email, user.displayName]);
    if (weakness) throw new DomainError('bad-request', 'WEAK_PASSWORD', weakness.replace(/^password/, 'newPassword'), 'newPassword');
    const passwordHash = await argon2.hash(newPassword, { type: argon2.argon2id });
    await this.db.transaction(async () => {
      await this.users.update(user.id, { passwordHash });
      for (const id of await this.sessions.othersOf(user.id, sessionId)) await this.tokens.revokeFamily(id);
      await this.activity.record({ type: 'account.password_changed', actorId: user.id, subject: { type: 'user', id: user.id } });
    });
  }

  /** Rotates the refresh token. A token rotated earlier (beyond a short grace) is a stolen copy: its whole family is revoked. */
  async refresh(presented: string | undefined, meta: SessionMeta): Promise<Session> {
    if (!presented) throw invalidRefresh();
    const outcome = await this.db.transaction(async () => {
      const row = await this.tokens.findRefresh(presented);
      if (!row || row.revokedAt || row.expiresAt < new Date()) return null;
      // A token rotated moments ago is a second tab or a retried request, not a thief: let it through.
      if (row.rotatedAt && Date.now() - row.rotatedAt.getTime() > REUSE_GRACE_MS) {
        await this.tokens.revokeFamily(row.familyId);
        return null;
      }
      const user = await this.users.findById(row.userId);
      if (!user) return null;
      if (!row.rotatedAt) await this.tokens.markRotated(row.id);
      return this.startSession(user, row.familyId, meta);
    });
    if (!outcome) throw invalidRefresh();
    return outcome;
  }

  async logout(presented: string | undefined): Promise<void> {
    if (!presented) return;
    await this.db.transaction(async () => {
      const row = await this.tokens.findRefresh(presented);
      if (row) await this.tokens.revokeFamily(row.familyId);
    });
  }

  async verifyEmail(token: string): Promise<UserEntity> {
    return this.db.transaction(async () => {
      const userId = await this.tokens.consumeEmailToken(token, 'verify-email');
      if (!userId) throw new DomainError('bad-request', 'INVALID_TOKEN', 'token is invalid, used or expired', 'token');
      const user = (await this.users.findById(userId))!;
      if (!user.emailVerifiedAt) {
        user.emailVerifiedAt = new Date();
        await this.users.update(user.id, { emailVerifiedAt: user.emailVerifiedAt });
        await this.activity.record({ type: 'account.email_verified', actorId: user.id, subject: { type: 'user', id: user.id } });
      }
      return user;
    });
  }

  /** Marks an address verified without a mailed link (accounts a trusted operator creates, e.g. the demo). */
  async confirmEmailDirectly(userId: string): Promise<void> {
    await this.db.transaction(async () => {
      await this.users.update(userId, { emailVerifiedAt: new Date() });
      await this.activity.record({ type: 'account.email_verified', actorId: userId, subject: { type: 'user', id: userId }, data: { by: 'operator' } });
    });
  }

  async resendVerification(user: UserEntity): Promise<void> {
    if (user.emailVerifiedAt) throw new DomainError('conflict', 'ALREADY_VERIFIED', 'email is already verified');
    await this.db.transaction(() =>
      this.activity.record({ type: 'account.verification_requested', actorId: user.id, subject: { type: 'user', id: user.id } }),
    );
  }

  /** Always accepted, whether or not the email is known (no account enumeration). */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    await this.db.transaction(() =>
      this.activity.record({ type: 'account.password_reset_requested', actorId: user.id, subject: { type: 'user', id: user.id } }),
    );
  }

  async resetPassword(input: PasswordResetConfirmDto): Promise<void> {
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    await this.db.transaction(async () => {
      const userId = await this.tokens.consumeEmailToken(input.token, 'password-reset');
      if (!userId) throw new DomainError('bad-request', 'INVALID_TOKEN', 'token is invalid, used or expired', 'token');
      const user = (await this.users.findById(userId))!;
      const weakness = passwordWeakness(input.password, [user.email, user.displayName]);
      if (weakness) throw new DomainError('bad-request', 'WEAK_PASSWORD', weakness, 'password');
      await this.users.update(userId, { passwordHash });
      await this.tokens.revokeAllForUser(userId);
      await this.throttle.unlock(user.email);
      await this.activity.record({ type: 'account.password_reset', actorId: userId, subject: { type: 'user', id: userId } });
    });
  }

  /** Whether `password` is the account's current password (re-authentication before an irreversible act). */
  async passwordMatches(user: UserEntity, password: string): Promise<boolean> {
    return !user.erasedAt && user.passwordHash !== '' && argon2.verify(user.passwordHash, password);
  }

  /**
   * Erases the account inside the caller's transaction: every session ends, it can never sign in
   * again. False when it was already erased (a concurrent second request).
   */
  async eraseAccount(userId: string): Promise<boolean> {
    if (!(await this.users.erase(userId))) return false;
    await this.tokens.revokeAllForUser(userId);
    await this.twoFactor.forget(userId);
    return true;
  }

  /** A new session (`familyId` null) or the next token of one; the access token names the session (`sid`). */
  private async startSession(user: UserEntity, familyId: string | null, meta: SessionMeta): Promise<Session> {
    const expiresAt = new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000);
    const sessionId = familyId ?? (await this.sessions.open(user.id, meta, expiresAt));
    if (familyId) await this.sessions.touch(familyId, meta, expiresAt);
    const refreshToken = await this.tokens.issueRefresh(user.id, sessionId, this.config.refreshTokenTtlDays);
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: sessionId }, { expiresIn: this.config.accessTokenTtlSeconds });
    return { user, accessToken, expiresIn: this.config.accessTokenTtlSeconds, refreshToken };
  }
}
