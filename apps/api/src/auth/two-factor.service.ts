import { randomBytes, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseService } from '../database/database.service';
import { SecretBox } from './secret-box';
import { TwoFactorRepository } from './two-factor.repository';
import type { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

const ISSUER = 'Kizuna';
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** A sign-in's second step must follow the first within this time. */
const CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes a challenge takes before it ends (sign in again). */
const CHALLENGE_MAX_FAILURES = 5;

export interface Reauthentication {
  code?: string;
  password?: string;
}

export interface SecondFactor {
  code?: string;
  recoveryCode?: string;
}

/** `abcde-fghjk`: ten characters that cannot be mistaken for each other. */
function recoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^(.{5})(.{5})$/, '$1-$2');

const invalidCode = (field = 'code') => new DomainError('bad-request', 'INVALID_TWO_FACTOR_CODE', 'The code is wrong, expired or already used', field);

/**
 * TOTP two-factor sign-in (RFC 6238, 30-second codes, one step of clock drift either way). The
 * secret is sealed at rest; a code's time step is remembered so it cannot be used twice; recovery
 * codes are single use and stored hashed.
 */
@Injectable()
export class TwoFactorService {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly db: DatabaseService,
    private readonly repository: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly activity: ActivityService,
  ) {
    this.box = new SecretBox(config.jwtSecret);
  }

  async status(user: UserEntity): Promise<{ enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number }> {
    const enabled = user.twoFactorEnabledAt !== null;
    return { enabled, enabledAt: user.twoFactorEnabledAt, recoveryCodesLeft: enabled ? await this.repository.remainingRecoveryCodes(user.id) : 0 };
  }

  /** Starts enrolment: a new secret, not in force until a code from it is confirmed. */
  async setup(user: UserEntity): Promise<{ secret: string; otpauthUri: string; qrDataUrl: string }> {
    if (user.twoFactorEnabledAt) throw new DomainError('conflict', 'TWO_FACTOR_ALREADY_ENABLED', 'Two-factor sign-in is already on: turn it off first to set up a new authenticator');
    const secret = generateSecret();
    const otpauthUri = generateURI({ issuer: ISSUER, label: user.email, secret });
    await this.repository.setState(user.id, { twoFactorPendingSecret: this.box.seal(secret) });
    return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 240 }) };
  }

  /** Confirms enrolment with a code from the new secret; returns the recovery codes (shown this once). */
  async enable(user: UserEntity, code: string): Promise<string[]> {
    if (user.twoFactorEnabledAt) throw new DomainError('conflict', 'TWO_FACTOR_ALREADY_ENABLED', 'Two-factor sign-in is already on');
    const secret = user.twoFactorPendingSecret && this.box.open(user.twoFactorPendingSecret);
    if (!secret) throw new DomainError('conflict', 'TWO_FACTOR_NOT_SET_UP', 'Start the two-factor setup first');
    const step = await this.check(secret, code, null);
    if (step === null) throw invalidCode();
    return this.db.transaction(async () => {
      await this.repository.setState(user.id, { twoFactorSecret: user.twoFactorPendingSecret, twoFactorPendingSecret: null, twoFactorEnabledAt: new Date(), twoFactorLastStep: step });
      const codes = await this.issueRecoveryCodes(user.id);
      await this.activity.record({ type: 'account.two_factor_enabled', actorId: user.id, subject: { type: 'user', id: user.id } });
      return codes;
    });
  }

  /** Turns two-factor off after a current code or the password. */
  async disable(user: UserEntity, proof: Reauthentication): Promise<void> {
    this.assertEnabled(user);
    await this.reauthenticate(user, proof);
    await this.db.transaction(async () => {
      await this.repository.setState(user.id, { twoFactorSecret: null, twoFactorPendingSecret: null, twoFactorEnabledAt: null, twoFactorLastStep: null });
      await this.repository.deleteRecoveryCodes(user.id);
      await this.activity.record({ type: 'account.two_factor_disabled', actorId: user.id, subject: { type: 'user', id: user.id } });
    });
  }

  /** Drops the secret and recovery codes of an erased account (inside the erasure's transaction). */
  async forget(userId: string): Promise<void> {
    await this.repository.setState(userId, { twoFactorSecret: null, twoFactorPendingSecret: null, twoFactorEnabledAt: null, twoFactorLastStep: null });
    await this.repository.deleteRecoveryCodes(userId);
  }

  /** New recovery codes (the old ones stop working) after a current code or the password. */
  async regenerateRecoveryCodes(user: UserEntity, proof: Reauthentication): Promise<string[]> {
    this.assertEnabled(user);
    await this.reauthenticate(user, proof);
    return this.db.transaction(async () => {
      const codes = await this.issueRecoveryCodes(user.id);
      await this.activity.record({ type: 'account.recovery_codes_regenerated', actorId: user.id, subject: { type: 'user', id: user.id } });
      return codes;
    });
  }

  /** The token of a sign-in's second step (only its hash is stored). */
  async openChallenge(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.repository.createChallenge(userId, token, CHALLENGE_TTL_MS);
    return token;
  }

  /** The account an open challenge belongs to, or null. */
  async challengeOwner(token: string): Promise<UserEntity | null> {
    return this.db.transaction(async () => {
      const challenge = await this.repository.findOpenChallenge(token);
      return challenge && this.users.findById(challenge.userId);
    });
  }

  /**
   * Completes a challenge with a TOTP code or a recovery code: the account, or why not. A wrong
   * code is counted (and ends the challenge after a few) even though the caller answers an error.
   */
  async completeChallenge(token: string, factor: SecondFactor): Promise<{ user: UserEntity } | { failure: 'challenge' } | { failure: 'code'; user: UserEntity }> {
    return this.db.transaction(async () => {
      const challenge = await this.repository.findOpenChallenge(token);
      const user = challenge && (await this.users.findById(challenge.userId));
      if (!challenge || !user?.twoFactorEnabledAt) return { failure: 'challenge' as const };
      const ok = factor.code !== undefined ? await this.verifyCurrentCode(user, factor.code) : await this.useRecoveryCode(user, factor.recoveryCode ?? '');
      if (ok) {
        await this.repository.closeChallenge(challenge.id);
        return { user };
      }
      if ((await this.repository.countChallengeFailure(challenge.id)) >= CHALLENGE_MAX_FAILURES) await this.repository.closeChallenge(challenge.id);
      return { failure: 'code' as const, user };
    });
  }

  private assertEnabled(user: UserEntity): void {
    if (!user.twoFactorEnabledAt) throw new DomainError('conflict', 'TWO_FACTOR_NOT_ENABLED', 'Two-factor sign-in is not on');
  }

  private async reauthenticate(user: UserEntity, proof: Reauthentication): Promise<void> {
    if (proof.code !== undefined) {
      if (!(await this.verifyCurrentCode(user, proof.code))) throw invalidCode();
    } else if (proof.password !== undefined) {
      if (!(await argon2.verify(user.passwordHash, proof.password))) throw new DomainError('bad-request', 'WRONG_PASSWORD', 'The password is wrong', 'password');
    } else {
      throw new DomainError('bad-request', 'VALIDATION_FAILED', 'code or password is required: a current code from your authenticator app, or your password', 'code');
    }
  }

  /** A current code of the account's secret, never accepted twice. */
  private async verifyCurrentCode(user: UserEntity, code: string): Promise<boolean> {
    const secret = user.twoFactorSecret && this.box.open(user.twoFactorSecret);
    if (!secret) return false;
    const step = await this.check(secret, code, user.twoFactorLastStep);
    return step !== null && (await this.repository.claimStep(user.id, step));
  }

  private async useRecoveryCode(user: UserEntity, code: string): Promise<boolean> {
    const used = await this.repository.useRecoveryCode(user.id, normaliseRecoveryCode(code));
    if (used) await this.activity.record({ type: 'account.recovery_code_used', actorId: user.id, subject: { type: 'user', id: user.id } });
    return used;
  }

  /** The time step a code matches (now, or one step either side), after `afterStep`; null when it does not. */
  private async check(secret: string, code: string, afterStep: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    try {
      const result = await verify({ secret, token: code, epochTolerance: 30, ...(afterStep !== null ? { afterTimeStep: afterStep } : {}) });
      return result.valid && 'timeStep' in result ? result.timeStep : null;
    } catch {
      return null;
    }
  }

  private async issueRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
    await this.repository.replaceRecoveryCodes(userId, codes);
    return codes;
  }
}
