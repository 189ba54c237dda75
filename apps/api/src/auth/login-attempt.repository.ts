import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { LoginAttemptEntity } from './login-attempt.entity';

/** Failed sign-in counters, in the database so every API process sees the same. */
@Injectable()
export class LoginAttemptRepository {
  constructor(private readonly db: DatabaseService) {}

  private get repository() {
    return this.db.manager.getRepository(LoginAttemptEntity);
  }

  async find(keys: string[]): Promise<Map<string, LoginAttemptEntity>> {
    const rows = await this.repository.createQueryBuilder('a').where('a.key = ANY(:keys)', { keys }).getMany();
    return new Map(rows.map((r) => [r.key, r]));
  }

  /** Counts one failure (restarting the count when the last one is older than `windowMs`); returns the new count. */
  async countFailure(key: string, windowMs: number): Promise<number> {
    const rows: Array<{ failures: number }> = await this.db.manager.query(
      `INSERT INTO login_attempts (key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_attempts.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE login_attempts.failures + 1 END,
         last_failure_at = now()
       RETURNING failures`,
      [key, windowMs / 1000],
    );
    return rows[0].failures;
  }

  async block(key: string, changes: Partial<Pick<LoginAttemptEntity, 'blockedUntil' | 'lockedUntil'>>): Promise<void> {
    await this.repository.update({ key }, changes);
  }

  async clear(keys: string[]): Promise<void> {
    await this.repository.createQueryBuilder().delete().where('key = ANY(:keys)', { keys }).execute();
  }
}
