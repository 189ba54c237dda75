import { Injectable } from '@nestjs/common';
import { AUDIT_TYPES } from '@kizuna/contracts';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId } from '../database/scoped-repository';

export interface AuditRow {
  id: string;
  type: string;
  actor_id: string;
  subject_type: string | null;
  subject_id: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  occurred_at: Date;
}

export interface AuditFilter {
  type?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Rows before this activity id (the cursor). */
  before?: string;
}

/**
 * The audit log is a view of the activity spine (append-only: a database trigger refuses UPDATE and
 * DELETE on `activity`): staff actions — those with an actor, of the audited types — with the
 * request's IP. A link a fan made themselves and badges a rule awarded are not staff actions.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DatabaseService) {}

  page(communityId: string, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
    assertCommunityId(communityId);
    return this.db.manager.query(
      `SELECT id::text, type, actor_id, subject_type, subject_id, data, ip, occurred_at
         FROM activity
        WHERE community_id = $1 AND actor_id IS NOT NULL AND type = ANY($2)
          AND NOT (type = 'contact.linked' AND data->>'method' IS DISTINCT FROM 'manual')
          AND NOT (type = 'badge.awarded' AND data->>'manual' IS DISTINCT FROM 'true')
          AND ($3::text IS NULL OR type = $3)
          AND ($4::uuid IS NULL OR actor_id = $4)
          AND ($5::timestamptz IS NULL OR occurred_at >= $5)
          AND ($6::timestamptz IS NULL OR occurred_at < $6)
          AND ($7::bigint IS NULL OR id < $7)
        ORDER BY id DESC
        LIMIT $8`,
      [communityId, AUDIT_TYPES, filter.type ?? null, filter.actorId ?? null, filter.from ?? null, filter.to ?? null, filter.before ?? null, limit],
    );
  }
}
