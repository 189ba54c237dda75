import { Injectable } from '@nestjs/common';
import { type RfmScore, rfmScores } from '@kizuna/engagement';
import { decodeCursor, pageOf } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { ProfilesService } from '../recognition/profiles.service';
import type { ContactEntity } from './contact.entity';
import { type ContactFilter, ContactsRepository } from './contacts.repository';
import type { ContactDetailResponse, ContactPageResponse, ContactSummaryResponse } from './dto/contact.dto';
import { OrdersRepository } from './orders.repository';

const DAY = 86_400_000;
const isAfter = (v: unknown): v is { createdAt: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { createdAt: unknown }).createdAt === 'string' && typeof (v as { id: unknown }).id === 'string';

/** Customer records: the searchable list, the 360° view, and RFM scores within the community. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly orders: OrdersRepository,
    private readonly profiles: ProfilesService,
  ) {}

  async list(ctx: CommunityContext, filter: ContactFilter, limit: number, cursor?: string): Promise<ContactPageResponse> {
    const after = cursor ? decodeCursor(cursor, isAfter) : undefined;
    const rows = await this.contacts.page(ctx.community.id, filter, limit + 1, after);
    const page = pageOf(rows, limit, (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id }));
    return { items: page.items.map(toContactSummary), nextCursor: page.nextCursor };
  }

  /** Everything about one customer: record, consent, orders and totals, the linked member, RFM. */
  async detail(ctx: CommunityContext, contactId: string): Promise<ContactDetailResponse> {
    const communityId = ctx.community.id;
    const contact = await this.contacts.findOneBy(communityId, { id: contactId });
    if (!contact) throw DomainError.notFound('contact');
    const [orders, totals, rfm, member] = await Promise.all([
      this.orders.ofContact(communityId, contactId, 50),
      this.orders.totals(communityId, contactId),
      this.rfm(communityId),
      contact.linkedUserId ? this.profiles.profile(ctx, contact.linkedUserId).catch(() => null) : Promise.resolve(null),
    ]);
    const score = rfm.scores.get(contactId) ?? null;
    return {
      ...toContactSummary(contact),
      phone: contact.phone,
      birthDate: contact.birthDate,
      gender: contact.gender,
      attributes: contact.attributes,
      source: contact.source,
      linkMethod: contact.linkMethod,
      linkedAt: contact.linkedAt?.toISOString() ?? null,
      totals: totals.map((t) => ({
        currency: t.currency,
        orders: t.orders,
        spend: t.spend,
        averageOrder: Math.round(t.spend / t.orders),
        firstPurchaseAt: t.firstAt.toISOString(),
        lastPurchaseAt: t.lastAt.toISOString(),
      })),
      orders: orders.map((o) => ({
        id: o.id,
        externalId: o.externalId,
        purchasedAt: o.purchasedAt.toISOString(),
        amount: o.amount,
        currency: o.currency,
        channel: o.channel,
        lineItems: o.lineItems,
      })),
      rfm: score && rfm.currency ? { currency: rfm.currency, r: score.r, f: score.f, m: score.m, segment: score.segment } : null,
      member,
    };
  }

  /** RFM scores of every customer with orders in the community's main currency, as of now. */
  async rfm(communityId: string, asOf = new Date()): Promise<{ currency: string | null; scores: Map<string, RfmScore> }> {
    const currency = await this.orders.mainCurrency(communityId);
    if (!currency) return { currency: null, scores: new Map() };
    const inputs = await this.orders.rfmInputs(communityId, currency, asOf);
    const scores = rfmScores(inputs.map((i) => ({ id: i.contactId, recencyDays: (asOf.getTime() - i.lastAt.getTime()) / DAY, frequency: i.orders, monetary: i.spend })));
    return { currency, scores: new Map(scores.map((s) => [s.id, s])) };
  }
}

export function toContactSummary(c: ContactEntity): ContactSummaryResponse {
  return {
    id: c.id,
    externalId: c.externalId,
    email: c.email,
    familyName: c.familyName,
    givenName: c.givenName,
    familyNameKana: c.familyNameKana,
    givenNameKana: c.givenNameKana,
    region: c.region,
    customerNumber: c.customerNumber,
    consent: {
      email: c.consent.email ?? null,
      line: c.consent.line ?? null,
      sms: c.consent.sms ?? null,
    },
    linkedUserId: c.linkedUserId,
    erasedAt: c.erasedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
