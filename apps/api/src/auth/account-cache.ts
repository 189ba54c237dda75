import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { ReadCache } from '../database/read-cache';
import type { UserEntity } from './user.entity';

/**
 * Accounts behind live sessions (`userId:sessionId`), as every signed-in request looks them up, kept
 * 1 s: whatever changes an account or ends a session drops its entries, so this process never
 * serves a revoked session or a stale account; other API processes notice within the second.
 */
@Injectable()
export class AccountCache extends ReadCache<UserEntity> {
  constructor(db: DatabaseService) {
    super(db, 1_000);
  }

  forgetAccount(userId: string): void {
    this.forget((key) => key.startsWith(`${userId}:`));
  }

  forgetSession(sessionId: string): void {
    this.forget((key) => key.endsWith(`:${sessionId}`));
  }
}
