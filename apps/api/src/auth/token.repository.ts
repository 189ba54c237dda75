import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { AccountCache } from './account-cache';
import { EmailTokenEntity, type EmailTokenPurpose } from './email-token.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

/** Refresh tokens and mailed single-use tokens; only hashes are stored. */
@Injectable()
export class TokenRepository {
  constructor(
    private readonly db: DatabaseService,
    private readonly cache: AccountCache,
  ) {}

  private get refresh() {
    return this.db.manager.getRepository(RefreshTokenEntity);
  }

  private get sessions() {
    return this.db.manager.getRepository(SessionEntity);
  }

  private get email() {
    return this.db.manager.getRepository(EmailTokenEntity);
  }

  /** Issues a refresh token; the returned value `<id>.<secret>` goes to the cookie. */
  async issueRefresh(userId: string, familyId: string | null, ttlDays: number): Promise<string> {
    const value = secret();
    const row = await this.refresh.save(
      this.refresh.create({
        userId,
        familyId: familyId ?? crypto.randomUUID(),
        tokenHash: sha256(value),
        expiresAt: new Date(Date.now() + ttlDays * 86_400_000),
      }),
    );
    return `${row.id}.${value}`;
  }

  /** The stored row a presented refresh token matches (locked for rotation), or null. */
  async findRefresh(presented: string): Promise<RefreshTokenEntity | null> {
    const [id, value] = presented.split('.');
    if (!id || !value || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const row = await this.refresh.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) return null;
    const expected = Buffer.from(row.tokenHash, 'hex');
    const actual = Buffer.from(sha256(value), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? row : null;
  }

  async markRotated(id: string): Promise<void> {
    await this.refresh.update({ id }, { rotatedAt: new Date() });
  }

  /** Ends a session: its refresh tokens and (through the session row) its access tokens stop working. */
  async revokeFamily(familyId: string): Promise<void> {
    this.cache.forgetSession(familyId);
    await this.refresh.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.sessions.update({ id: familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllForUser(userId: string): Promise<void> {
    this.cache.forgetAccount(userId);
    await this.refresh.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.sessions.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Issues a mailed token; earlier unused tokens of the same purpose stop working. */
  async issueEmailToken(userId: string, purpose: EmailTokenPurpose, ttlMinutes: number): Promise<string> {
    await this.email.update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    const value = secret();
    await this.email.insert({ userId, purpose, tokenHash: sha256(value), expiresAt: new Date(Date.now() + ttlMinutes * 60_000) });
    return value;
  }

  /** Consumes a valid, unexpired, unused token; returns its user id or null. */
  async consumeEmailToken(value: string, purpose: EmailTokenPurpose): Promise<string | null> {
    const row = await this.email.findOne({
      where: { tokenHash: sha256(value), purpose, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) return null;
    await this.email.update({ id: row.id }, { usedAt: new Date() });
    return row.userId;
  }
}
