import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';
import type { SessionEntity } from './session.entity';
import { SessionRepository } from './session.repository';
import { TokenRepository } from './token.repository';

/** A person's sign-ins on their devices: listed, and ended one by one or all but this one. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenRepository,
  ) {}

  list(userId: string): Promise<SessionEntity[]> {
    return this.sessions.listActive(userId);
  }

  /** Ends one of the account's sessions (404 for anyone else's or an ended one). */
  async revoke(userId: string, sessionId: string): Promise<void> {
    await this.db.transaction(async () => {
      if (!(await this.sessions.findActive(sessionId, userId))) throw DomainError.notFound('session');
      await this.tokens.revokeFamily(sessionId);
    });
  }

  /** Ends every session of the account but `current`; how many ended. */
  async revokeOthers(userId: string, current: string | null): Promise<number> {
    return this.db.transaction(async () => {
      const ids = await this.sessions.othersOf(userId, current);
      for (const id of ids) await this.tokens.revokeFamily(id);
      return ids.length;
    });
  }
}
