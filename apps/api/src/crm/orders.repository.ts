import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { OrderEntity } from './order.entity';

export type OrderValues = Pick<OrderEntity, 'externalId' | 'contactId' | 'purchasedAt' | 'amount' | 'currency' | 'lineItems' | 'channel'>;

export interface OrderTotals {
  currency: string;
  orders: number;
  spend: number;
  firstAt: Date;
  lastAt: Date;
}

@Injectable()
export class OrdersRepository extends CommunityScopedRepository<OrderEntity> {
  constructor(db: DatabaseService) {
    super(db, OrderEntity);
  }

  /**
   * Inserts orders, or replaces those with the same external id that differ, in one statement (the
   * batch travels as one JSON parameter); an order that is the same already is left alone, so
   * re-importing a file changes nothing. Returns the orders written, and which were new. The
   * external ids must be distinct.
   */
  async upsert(communityId: string, orders: OrderValues[]): Promise<Array<{ id: string; externalId: string; inserted: boolean }>> {
    assertCommunityId(communityId);
    if (orders.length === 0) return [];
    const rows: Array<{ id: string; external_id: string; inserted: boolean }> = await this.db.manager.query(
      `INSERT INTO crm_orders AS o (community_id, external_id, contact_id, purchased_at, amount, currency, line_items, channel)
       SELECT $1, r.external_id, r.contact_id, r.purchased_at, r.amount, r.currency, r.line_items, r.channel
         FROM jsonb_to_recordset($2::jsonb) AS r(external_id text, contact_id uuid, purchased_at timestamptz, amount bigint, currency text, line_items jsonb, channel text)
       ON CONFLICT (community_id, external_id) DO UPDATE
         SET contact_id = EXCLUDED.contact_id, purchased_at = EXCLUDED.purchased_at, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
             line_items = EXCLUDED.line_items, channel = EXCLUDED.channel, updated_at = now()
         WHERE (o.contact_id, o.purchased_at, o.amount, o.currency, o.line_items, o.channel)
               IS DISTINCT FROM (EXCLUDED.contact_id, EXCLUDED.purchased_at, EXCLUDED.amount, EXCLUDED.currency, EXCLUDED.line_items, EXCLUDED.channel)
       RETURNING id, external_id, xmax = 0 AS inserted`,
      [
        communityId,
        JSON.stringify(
          orders.map((o) => ({ external_id: o.externalId, contact_id: o.contactId, purchased_at: o.purchasedAt, amount: o.amount, currency: o.currency, line_items: o.lineItems, channel: o.channel })),
        ),
      ],
    );
    return rows.map((r) => ({ id: r.id, externalId: r.external_id, inserted: r.inserted }));
  }

  ofContact(communityId: string, contactId: string, limit: number): Promise<OrderEntity[]> {
    return this.find(communityId, { where: { contactId }, order: { purchasedAt: 'DESC' }, take: limit });
  }

  /** A contact's orders and spend per currency. */
  async totals(communityId: string, contactId: string): Promise<OrderTotals[]> {
    assertCommunityId(communityId);
    const rows: Array<{ currency: string; orders: number; spend: string; first_at: Date; last_at: Date }> = await this.db.manager.query(
      `SELECT currency, count(*)::int AS orders, sum(amount)::bigint AS spend, min(purchased_at) AS first_at, max(purchased_at) AS last_at
         FROM crm_orders WHERE community_id = $1 AND contact_id = $2 GROUP BY currency ORDER BY orders DESC`,
      [communityId, contactId],
    );
    return rows.map((r) => ({ currency: r.currency, orders: r.orders, spend: Number(r.spend), firstAt: new Date(r.first_at), lastAt: new Date(r.last_at) }));
  }

  /** Per contact with orders in a currency: recency, frequency, monetary (for RFM). */
  async rfmInputs(communityId: string, currency: string, asOf: Date): Promise<Array<{ contactId: string; lastAt: Date; orders: number; spend: number }>> {
    assertCommunityId(communityId);
    const rows: Array<{ contact_id: string; last_at: Date; orders: number; spend: string }> = await this.db.manager.query(
      `SELECT contact_id, max(purchased_at) AS last_at, count(*)::int AS orders, sum(amount)::bigint AS spend
         FROM crm_orders WHERE community_id = $1 AND currency = $2 AND purchased_at <= $3 GROUP BY contact_id`,
      [communityId, currency, asOf],
    );
    return rows.map((r) => ({ contactId: r.contact_id, lastAt: new Date(r.last_at), orders: r.orders, spend: Number(r.spend) }));
  }

  /** The currency most orders of the community are in (RFM compares like with like). */
  async mainCurrency(communityId: string): Promise<string | null> {
    assertCommunityId(communityId);
    const [row] = await this.db.manager.query(`SELECT currency FROM crm_orders WHERE community_id = $1 GROUP BY currency ORDER BY count(*) DESC LIMIT 1`, [communityId]);
    return row?.currency ?? null;
  }

  /** Every purchase in a currency up to a moment: the input of the customer-value models. */
  async purchases(communityId: string, currency: string, until: Date): Promise<Array<{ contactId: string; at: Date; amount: number }>> {
    assertCommunityId(communityId);
    const rows: Array<{ contact_id: string; purchased_at: Date; amount: string }> = await this.db.manager.query(
      `SELECT contact_id, purchased_at, amount FROM crm_orders WHERE community_id = $1 AND currency = $2 AND purchased_at < $3 ORDER BY purchased_at`,
      [communityId, currency, until],
    );
    return rows.map((r) => ({ contactId: r.contact_id, at: new Date(r.purchased_at), amount: Number(r.amount) }));
  }

  /** Per contact: orders, spend in a currency, last purchase, SKUs bought (for segments). */
  async aggregates(communityId: string, currency: string): Promise<Map<string, { orders: number; spend: number; lastAt: Date; skus: string[] }>> {
    assertCommunityId(communityId);
    const rows: Array<{ contact_id: string; orders: number; spend: string; last_at: Date; skus: string[] | null }> = await this.db.manager.query(
      `SELECT o.contact_id, count(*)::int AS orders, sum(o.amount) FILTER (WHERE o.currency = $2)::bigint AS spend, max(o.purchased_at) AS last_at,
              (SELECT array_agg(DISTINCT item->>'sku') FROM crm_orders o2, jsonb_array_elements(o2.line_items) item WHERE o2.contact_id = o.contact_id AND item->>'sku' <> '') AS skus
         FROM crm_orders o WHERE o.community_id = $1 GROUP BY o.contact_id`,
      [communityId, currency],
    );
    return new Map(rows.map((r) => [r.contact_id, { orders: r.orders, spend: Number(r.spend ?? 0), lastAt: new Date(r.last_at), skus: r.skus ?? [] }]));
  }

  /** Per contact (with its member, if linked): orders and revenue in a currency in [from, to). */
  async revenueByContact(communityId: string, currency: string, from: Date, to: Date): Promise<Array<{ contactId: string; linkedUserId: string | null; orders: number; revenue: number }>> {
    assertCommunityId(communityId);
    const rows: Array<{ id: string; linked_user_id: string | null; orders: number; revenue: string }> = await this.db.manager.query(
      `SELECT c.id, c.linked_user_id, count(o.id)::int AS orders, coalesce(sum(o.amount), 0)::bigint AS revenue
         FROM crm_contacts c
         LEFT JOIN crm_orders o ON o.contact_id = c.id AND o.currency = $2 AND o.purchased_at >= $3 AND o.purchased_at < $4
        WHERE c.community_id = $1 GROUP BY c.id`,
      [communityId, currency, from, to],
    );
    return rows.map((r) => ({ contactId: r.id, linkedUserId: r.linked_user_id, orders: r.orders, revenue: Number(r.revenue) }));
  }

  /** Linked members' first purchase (any currency). */
  async firstPurchases(communityId: string): Promise<Array<{ userId: string; contactId: string; firstAt: Date }>> {
    assertCommunityId(communityId);
    const rows: Array<{ user_id: string; contact_id: string; first_at: Date }> = await this.db.manager.query(
      `SELECT c.linked_user_id AS user_id, c.id AS contact_id, min(o.purchased_at) AS first_at
         FROM crm_contacts c JOIN crm_orders o ON o.contact_id = c.id
        WHERE c.community_id = $1 AND c.linked_user_id IS NOT NULL GROUP BY c.id`,
      [communityId],
    );
    return rows.map((r) => ({ userId: r.user_id, contactId: r.contact_id, firstAt: new Date(r.first_at) }));
  }
}
