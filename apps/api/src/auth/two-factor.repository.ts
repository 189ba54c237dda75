import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { AccountCache } from './account-cache';
import { LoginChallengeEntity } from './login-challenge.entity';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { UserEntity } from './user.entity';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Two-factor state: the account's TOTP columns, recovery codes and sign-in challenges (hashes only). */
@Injectable()
export class TwoFactorRepository {
  constructor(
    private readonly db: DatabaseService,
    private readonly cache: AccountCache,
  ) {}

  private get codes() {
    return this.db.manager.getRepository(RecoveryCodeEntity);
  }

  private get challenges() {
    return this.db.manager.getRepository(LoginChallengeEntity);
  }

  async setState(userId: string, values: Partial<Pick<UserEntity, 'twoFactorSecret' | 'twoFactorPendingSecret' | 'twoFactorEnabledAt' | 'twoFactorLastStep'>>): Promise<void> {
    this.cache.forgetAccount(userId);
    await this.db.manager.getRepository(UserEntity).update({ id: userId }, values);
  }

  /** Records `step` as the last accepted TOTP step unless it (or a later one) already was: false for a replay. */
  async claimStep(userId: string, step: number): Promise<boolean> {
    this.cache.forgetAccount(userId);
    const result = await this.db.manager
      .getRepository(UserEntity)
      .createQueryBuilder()
      .update()
      .set({ twoFactorLastStep: step })
      .where('id = :userId AND (two_factor_last_step IS NULL OR two_factor_last_step < :step)', { userId, step })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Replaces the account's recovery codes. */
  async replaceRecoveryCodes(userId: string, codes: string[]): Promise<void> {
    await this.codes.delete({ userId });
    await this.codes.insert(codes.map((code) => ({ userId, codeHash: sha256(code) })));
  }

  /** Uses an unused recovery code: true once, false ever after (and for a wrong one). */
  async useRecoveryCode(userId: string, code: string): Promise<boolean> {
    const result = await this.codes.update({ userId, codeHash: sha256(code), usedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  remainingRecoveryCodes(userId: string): Promise<number> {
    return this.codes.countBy({ userId, usedAt: IsNull() });
  }

  async deleteRecoveryCodes(userId: string): Promise<void> {
    await this.codes.delete({ userId });
  }

  async createChallenge(userId: string, token: string, ttlMs: number): Promise<void> {
    await this.challenges.insert({ userId, tokenHash: sha256(token), expiresAt: new Date(Date.now() + ttlMs) });
  }

  /** The open, unexpired challenge for a token, locked for this transaction; null otherwise. */
  findOpenChallenge(token: string): Promise<LoginChallengeEntity | null> {
    return this.challenges
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.tokenHash = :hash AND c.usedAt IS NULL AND c.expiresAt > now()', { hash: sha256(token) })
      .getOne();
  }

  async closeChallenge(id: string): Promise<void> {
    await this.challenges.update({ id }, { usedAt: new Date() });
  }

  async countChallengeFailure(id: string): Promise<number> {
    await this.challenges.increment({ id }, 'failures', 1);
    return (await this.challenges.findOneByOrFail({ id })).failures;
  }
}
