import { Injectable } from '@nestjs/common';
import { ActivityService } from '../../activity/activity.service';
import { EMPTY_CONTACT_FIELDS, pickContactFields } from '../contact-fields';
import { type Consent, CONSENT_CHANNELS, type ContactEntity } from '../contact.entity';
import { type ContactRef, type ContactValues, ContactsRepository } from '../contacts.repository';
import { LinkingService } from '../linking.service';
import { type OrderValues, OrdersRepository } from '../orders.repository';
import type { LineItem } from '../order.entity';
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
        ...(before ? pickContactFields(before) : EMPTY_CONTACT_FIELDS),
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
    const customers = await this.resolveContacts(communityId, inputs, source);
    const values: OrderValues[] = inputs.map((input) => ({
      externalId: input.externalId,
      contactId: customers.get(input.contactExternalId ?? `email:${input.email}`)!.id,
      purchasedAt: input.purchasedAt,
      amount: input.amount,
      currency: input.currency,
      lineItems: input.items,
      channel: input.channel,
    }));
    const written = await this.orders.upsert(communityId, values);
    const inserted = new Map(written.filter((w) => w.inserted).map((w) => [w.externalId, w.id]));
    const members = new Map([...customers.values()].filter((c) => c.linkedUserId).map((c) => [c.id, c.linkedUserId!]));
    await this.recordPurchases(communityId, values.filter((v) => inserted.has(v.externalId)), inserted, members);
    return { inserted: inserted.size, updated: written.length - inserted.size, skipped: inputs.length - written.length, errors: [] };
  }

  /** Contacts of the orders by customer id, else by email; unknown customers are created (and linked by email). */
  private async resolveContacts(communityId: string, inputs: OrderInput[], source: string): Promise<Map<string, ContactRef>> {
    const keys = new Map<string, string | null>();
    for (const o of inputs) keys.set(o.contactExternalId ?? `email:${o.email}`, o.email);
    const found = await this.contacts.refsByExternalIds(communityId, [...keys.keys()]);
    const emails = [...keys].filter(([key, email]) => !found.has(key) && email).map(([, email]) => email!);
    if (emails.length > 0) {
      const byEmail = await this.contacts.byEmails(communityId, emails);
      for (const [key, email] of keys) {
        const match = !found.has(key) && email ? byEmail.find((c) => c.email === email) : undefined;
        if (match) found.set(key, { id: match.id, linkedUserId: match.linkedUserId });
      }
    }
    const missing = [...keys].filter(([key]) => !found.has(key));
    if (missing.length > 0) {
      const created = await this.contacts.upsert(
        communityId,
        missing.map(([key, email]) => ({ ...emptyContact(key, source), email })),
      );
      await this.linking.linkByEmail(communityId, [...created.values()]);
      const linked = await this.linking.linkedUsers(communityId, [...created.values()]);
      for (const [key] of missing) found.set(key, { id: created.get(key)!, linkedUserId: linked.get(created.get(key)!) ?? null });
    }
    return found;
  }

  /** A new order of a linked member is their activity: recognition (CRM badge rules) and analytics see it. */
  private async recordPurchases(communityId: string, orders: OrderValues[], ids: Map<string, string>, members: Map<string, string>): Promise<void> {
    await this.activity.recordMany(
      orders
        .filter((order) => members.has(order.contactId))
        .map((order) => ({
          type: 'order.placed' as const,
          communityId,
          actorId: members.get(order.contactId)!,
          subject: { type: 'order', id: ids.get(order.externalId)! },
          data: { contactId: order.contactId, amount: order.amount, currency: order.currency, purchasedAt: order.purchasedAt.toISOString(), skus: order.lineItems.map((i) => i.sku) },
        })),
    );
  }
}

function emptyContact(externalId: string, source: string): ContactValues {
  return { externalId, ...EMPTY_CONTACT_FIELDS, attributes: {}, source, consent: {} };
}

function pickValues(c: ContactEntity): ContactValues {
  return { externalId: c.externalId, ...pickContactFields(c), attributes: c.attributes, source: c.source, consent: c.consent };
}
