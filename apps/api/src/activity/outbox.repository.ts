import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';

export interface OutboxStats {
  pending: number;
  parked: number;
}

export interface ParkedRow {
  id: string;
  eventType: string;
  attempts: number;
  lastError: string | null;
  parkedAt: Date;
}

/** Operator views of the outbox: counts for health, parked rows and their re-drive. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: DatabaseService) {}

  async stats(): Promise<OutboxStats> {
    const [row] = await this.db.manager.query(
      `SELECT count(*) FILTER (WHERE processed_at IS NULL AND parked_at IS NULL)::int AS pending,
              count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked
         FROM outbox WHERE processed_at IS NULL`,
    );
    return row;
  }

  parked(): Promise<ParkedRow[]> {
    return this.db.manager.query(
      `SELECT id, event_type AS "eventType", attempts, last_error AS "lastError", parked_at AS "parkedAt"
         FROM outbox WHERE parked_at IS NOT NULL ORDER BY id`,
    );
  }

  /** Puts parked rows back in line (all of them when `ids` is empty); returns how many. */
  async redrive(ids: string[]): Promise<number> {
    const [, affected] = await this.db.manager.query(
      `UPDATE outbox SET parked_at = NULL, attempts = 0, available_at = now()
        WHERE parked_at IS NOT NULL AND (cardinality($1::bigint[]) = 0 OR id = ANY($1::bigint[]))`,
      [ids],
    );
    return affected;
  }
}
