import { Injectable } from '@nestjs/common';
import type { MemberFacts } from '@kizuna/engagement';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId } from '../database/scoped-repository';

/**
 * What badge rules may ask about a member as a customer (lifetime spend, SKUs bought, first
 * purchase), read from the contact linked to them. Its own small module, below recognition, so
 * recognition can ask without depending on the rest of the CRM.
 */
@Injectable()
export class CustomerFactsService {
  constructor(private readonly db: DatabaseService) {}

  async of(communityId: string, userId: string): Promise<MemberFacts['customer']> {
    assertCommunityId(communityId);
    const rows: Array<{ currency: string | null; spend: string | null; first_at: Date | null; skus: string[] | null }> = await this.db.manager.query(
      `SELECT o.currency, sum(o.amount)::bigint AS spend, min(o.purchased_at) AS first_at,
              (SELECT array_agg(DISTINCT item->>'sku') FROM crm_orders o2, jsonb_array_elements(o2.line_items) item
                WHERE o2.contact_id = c.id AND item->>'sku' <> '') AS skus
         FROM crm_contacts c LEFT JOIN crm_orders o ON o.contact_id = c.id
        WHERE c.community_id = $1 AND c.linked_user_id = $2
        GROUP BY c.id, o.currency`,
      [communityId, userId],
    );
    if (rows.length === 0) return undefined;
    const spend: Record<string, number> = {};
    let first: Date | null = null;
    for (const row of rows) {
      if (row.currency) spend[row.currency] = Number(row.spend);
      if (row.first_at && (!first || new Date(row.first_at) < first)) first = new Date(row.first_at);
    }
    return { spend, skus: new Set(rows[0].skus ?? []), firstPurchaseAt: first };
  }
}
