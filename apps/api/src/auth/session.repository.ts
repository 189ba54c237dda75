import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan, Not } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { SessionEntity } from './session.entity';

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

/** Sign-ins (refresh-token families) with where and when they were last used. */
@Injectable()
export class SessionRepository {
  constructor(private readonly db: DatabaseService) {}

  private get repository() {
    return this.db.manager.getRepository(SessionEntity);
  }

  async open(userId: string, meta: SessionMeta, expiresAt: Date): Promise<string> {
    const id = crypto.randomUUID();
    await this.repository.insert({ id, userId, lastUsedAt: new Date(), expiresAt, ...meta });
    return id;
  }

  async touch(id: string, meta: SessionMeta, expiresAt: Date): Promise<void> {
    await this.repository.update({ id }, { lastUsedAt: new Date(), expiresAt, ...meta });
  }

  /** The account's live sessions, most recently used first. */
  listActive(userId: string): Promise<SessionEntity[]> {
    return this.repository.find({ where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) }, order: { lastUsedAt: 'DESC' } });
  }

  findActive(id: string, userId: string): Promise<SessionEntity | null> {
    return this.repository.findOneBy({ id, userId, revokedAt: IsNull() });
  }

  /** Ids of the account's live sessions other than `keep`. */
  async othersOf(userId: string, keep: string | null): Promise<string[]> {
    const rows = await this.repository.find({ select: { id: true }, where: { userId, revokedAt: IsNull(), ...(keep ? { id: Not(keep) } : {}) } });
    return rows.map((r) => r.id);
  }
}
