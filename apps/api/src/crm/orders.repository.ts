import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
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

  byExternalIds(communityId: string, externalIds: string[]): Promise<OrderEntity[]> {
    return externalIds.length === 0 ? Promise.resolve([]) : this.find(communityId, { where: { externalId: In(externalIds) } });
  }

  /** Inserts or replaces orders by external id; returns their ids by external id. */
  async upsert(communityId: string, orders: OrderValues[]): Promise<Map<string, string>> {
    assertCommunityId(communityId);
    if (orders.length === 0) return new Map();
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values(orders.map((o) => ({ ...o, communityId })))
      .orUpdate(['contact_id', 'purchased_at', 'amount', 'currency', 'line_items', 'channel', 'updated_at'], ['community_id', 'external_id'])
      .returning('id, external_id')
      .execute();
    return new Map((result.raw as Array<{ id: string; external_id: string }>).map((r) => [r.external_id, r.id]));
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
}
