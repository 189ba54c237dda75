import { Injectable } from '@nestjs/common';
import { ActivityService } from '../../activity/activity.service';
import { type Consent, CONSENT_CHANNELS, type ContactEntity } from '../contact.entity';
import { type ContactValues, ContactsRepository } from '../contacts.repository';
import { LinkingService } from '../linking.service';
import { type OrderValues, OrdersRepository } from '../orders.repository';
import type { LineItem, OrderEntity } from '../order.entity';
import type { ContactRow, OrderRow } from './rows';

export interface BatchOutcome {
  inserted: number;
  updated: number;
  skipped: number;
  /** Rows refused while writing (e.g. a customer number another contact has). */
  errors: Array<{ index: number; field: string; message: string }>;
}

/** An order as the file describes it: its first row plus the line items of the rows that follow. */
export interface OrderInput extends Omit<OrderRow, 'item'> {
  items: LineItem[];
}

/** Key order does not matter (jsonb reorders keys). */
const stable = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(stable)
    : value && typeof value === 'object' && !(value instanceof Date)
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]))
      : value;
const same = (a: unknown, b: unknown) => JSON.stringify(stable(a)) === JSON.stringify(stable(b));

/**
 * Writes one batch of parsed rows in the caller's transaction: merges each row into the record it
 * updates, writes only what changed (so re-importing a file changes nothing), keeps consent
 * history, links new emails to members, and records purchases of linked members as activity.
 */
@Injectable()
export class ImportWriterService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly orders: OrdersRepository,
    private readonly linking: LinkingService,
    private readonly activity: ActivityService,
  ) {}

  async writeContacts(communityId: string, rows: ContactRow[], source: string): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { inserted: 0, updated: 0, skipped: 0, errors: [] };
    const existing = new Map((await this.contacts.byExternalIds(communityId, rows.map((r) => r.externalId))).map((c) => [c.externalId, c]));
    const numbers = rows.map((r) => r.fields.customerNumber).filter((n): n is string => !!n);
    const numberOwners = new Map((await this.contacts.byCustomerNumbers(communityId, numbers)).map((c) => [c.customerNumber!, c.externalId]));
    const now = new Date().toISOString();
    const writes: ContactValues[] = [];
    const consentChanges: Array<{ externalId: string; channel: (typeof CONSENT_CHANNELS)[number]; consent: Consent }> = [];
    rows.forEach((row, index) => {
      const before = existing.get(row.externalId);
      const number = row.fields.customerNumber;
      if (number && (numberOwners.get(number) ?? row.externalId) !== row.externalId) {
        outcome.errors.push({ index, field: 'customerNumber', message: `customer number ${number} belongs to contact ${numberOwners.get(number)}` });
        return;
      }
      if (number) numberOwners.set(number, row.externalId);
      const consent = { ...(before?.consent ?? {}) };
      for (const channel of CONSENT_CHANNELS) {
        const granted = row.consent[channel];
        if (granted === undefined || consent[channel]?.granted === granted) continue;
        consent[channel] = { granted, at: now, source };
        consentChanges.push({ externalId: row.externalId, channel, consent: consent[channel]! });
      }
      const values: ContactValues = {
        externalId: row.externalId,
        email: before?.email ?? null,
        familyName: before?.familyName ?? '',
        givenName: before?.givenName ?? '',
        familyNameKana: before?.familyNameKana ?? '',
        givenNameKana: before?.givenNameKana ?? '',
        phone: before?.phone ?? null,
        birthDate: before?.birthDate ?? null,
        gender: before?.gender ?? null,
        region: before?.region ?? null,
        customerNumber: before?.customerNumber ?? null,
        ...row.fields,
        attributes: { ...(before?.attributes ?? {}), ...row.attributes },
        source: before?.source || source,
        consent,
      };
      if (before && same(pickValues(before), values)) {
        outcome.skipped += 1;
        return;
      }
      if (before) outcome.updated += 1;
      else outcome.inserted += 1;
      writes.push(values);
    });
    const ids = await this.contacts.upsert(communityId, writes);
    await this.contacts.recordConsent(communityId, consentChanges.map((c) => ({ contactId: ids.get(c.externalId)!, channel: c.channel, consent: c.consent })));
    const emailed = writes.filter((w) => w.email && w.email !== existing.get(w.externalId)?.email).map((w) => ids.get(w.externalId)!);
    await this.linking.linkByEmail(communityId, emailed);
    return outcome;
  }

  async writeOrders(communityId: string, inputs: OrderInput[], source: string): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { inserted: 0, updated: 0, skipped: 0, errors: [] };
    const contactIds = await this.resolveContacts(communityId, inputs, source);
    const existing = new Map((await this.orders.byExternalIds(communityId, inputs.map((o) => o.externalId))).map((o) => [o.externalId, o]));
    const writes: OrderValues[] = [];
    for (const input of inputs) {
      const values: OrderValues = {
        externalId: input.externalId,
        contactId: contactIds.get(input.contactExternalId ?? `email:${input.email}`)!,
        purchasedAt: input.purchasedAt,
        amount: input.amount,
        currency: input.currency,
        lineItems: input.items,
        channel: input.channel,
      };
      const before = existing.get(input.externalId);
      if (before && same(pickOrder(before), { ...values, purchasedAt: values.purchasedAt.toISOString() })) {
        outcome.skipped += 1;
        continue;
      }
      if (before) outcome.updated += 1;
      else outcome.inserted += 1;
      writes.push(values);
    }
    const ids = await this.orders.upsert(communityId, writes);
    await this.recordPurchases(communityId, writes.filter((w) => !existing.has(w.externalId)), ids);
    return outcome;
  }

  /** Contacts of the orders by customer id, else by email; unknown customers are created. */
  private async resolveContacts(communityId: string, inputs: OrderInput[], source: string): Promise<Map<string, string>> {
    const keys = new Map<string, { externalId: string; email: string | null }>();
    for (const o of inputs) keys.set(o.contactExternalId ?? `email:${o.email}`, { externalId: o.contactExternalId ?? `email:${o.email}`, email: o.email });
    const found = new Map<string, string>();
    for (const c of await this.contacts.byExternalIds(communityId, [...keys.keys()])) found.set(c.externalId, c.id);
    const byEmail = await this.contacts.byEmails(communityId, [...keys.values()].filter((k) => !found.has(k.externalId) && k.email).map((k) => k.email!));
    for (const [key, k] of keys) {
      const match = !found.has(key) && k.email ? byEmail.find((c) => c.email === k.email) : undefined;
      if (match) found.set(key, match.id);
    }
    const missing = [...keys].filter(([key]) => !found.has(key));
    if (missing.length > 0) {
      const created = await this.contacts.upsert(
        communityId,
        missing.map(([, k]) => ({ ...emptyContact(k.externalId, source), email: k.email })),
      );
      for (const [key, k] of missing) found.set(key, created.get(k.externalId)!);
      await this.linking.linkByEmail(communityId, [...created.values()]);
    }
    return found;
  }

  /** A new order of a linked member is their activity: recognition (CRM badge rules) and analytics see it. */
  private async recordPurchases(communityId: string, orders: OrderValues[], ids: Map<string, string>): Promise<void> {
    if (orders.length === 0) return;
    const linked = await this.linking.linkedUsers(communityId, [...new Set(orders.map((o) => o.contactId))]);
    for (const order of orders) {
      const userId = linked.get(order.contactId);
      if (!userId) continue;
      await this.activity.record({
        type: 'order.placed',
        communityId,
        actorId: userId,
        subject: { type: 'order', id: ids.get(order.externalId)! },
        data: { contactId: order.contactId, amount: order.amount, currency: order.currency, purchasedAt: order.purchasedAt.toISOString(), skus: order.lineItems.map((i) => i.sku) },
      });
    }
  }
}

function emptyContact(externalId: string, source: string): ContactValues {
  return {
    externalId,
    email: null,
    familyName: '',
    givenName: '',
    familyNameKana: '',
    givenNameKana: '',
    phone: null,
    birthDate: null,
    gender: null,
    region: null,
    customerNumber: null,
    attributes: {},
    source,
    consent: {},
  };
}

function pickValues(c: ContactEntity): ContactValues {
  return {
    externalId: c.externalId,
    email: c.email,
    familyName: c.familyName,
    givenName: c.givenName,
    familyNameKana: c.familyNameKana,
    givenNameKana: c.givenNameKana,
    phone: c.phone,
    birthDate: c.birthDate,
    gender: c.gender,
    region: c.region,
    customerNumber: c.customerNumber,
    attributes: c.attributes,
    source: c.source,
    consent: c.consent,
  };
}

function pickOrder(o: OrderEntity) {
  return {
    externalId: o.externalId,
    contactId: o.contactId,
    purchasedAt: o.purchasedAt.toISOString(),
    amount: o.amount,
    currency: o.currency,
    lineItems: o.lineItems,
    channel: o.channel,
  };
}
