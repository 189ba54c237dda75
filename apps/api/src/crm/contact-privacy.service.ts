import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { type ContactFields, pickContactFields } from './contact-fields';
import { CONSENT_CHANNELS, type ContactEntity } from './contact.entity';
import { ContactsRepository } from './contacts.repository';
import { toContactSummary } from './contacts.service';
import type { ConsentEventResponse, ContactSummaryResponse } from './dto/contact.dto';
import { OrdersRepository } from './orders.repository';

export interface ContactExport extends ContactFields {
  communityId: string;
  externalId: string;
  attributes: Record<string, string>;
  consent: ContactEntity['consent'];
  consentHistory: ConsentEventResponse[];
  linkedAt: string | null;
  orders: Array<{ externalId: string; purchasedAt: string; amount: number; currency: string; channel: string; lineItems: unknown[] }>;
}

/**
 * Privacy rights over customer records: what the CRM holds of a person (their export), erasing a
 * record (on the person's own erasure, or a manager carrying out a request), and consent history.
 * Erasing clears the personal data and the link; orders stay with amounts and dates for analytics,
 * and consent given is recorded as withdrawn (source `erasure`).
 */
@Injectable()
export class ContactPrivacyService {
  constructor(
    private readonly db: DatabaseService,
    private readonly contacts: ContactsRepository,
    private readonly orders: OrdersRepository,
    private readonly activity: ActivityService,
  ) {}

  async exportFor(userId: string): Promise<ContactExport[]> {
    const linked = await this.contacts.linkedToUser(userId);
    return Promise.all(
      linked.map(async (c) => {
        const [orders, history] = await Promise.all([
          this.orders.find(c.communityId, { where: { contactId: c.id }, order: { purchasedAt: 'ASC' } }),
          this.consentHistory(c.communityId, c.id),
        ]);
        return {
          communityId: c.communityId,
          externalId: c.externalId,
          ...pickContactFields(c),
          attributes: c.attributes,
          consent: c.consent,
          consentHistory: history,
          linkedAt: c.linkedAt?.toISOString() ?? null,
          orders: orders.map((o) => ({ externalId: o.externalId, purchasedAt: o.purchasedAt.toISOString(), amount: o.amount, currency: o.currency, channel: o.channel, lineItems: o.lineItems })),
        };
      }),
    );
  }

  /** The person's own erasure, inside its transaction: every record linked to them is erased. */
  async eraseLinkedTo(userId: string): Promise<void> {
    for (const contact of await this.contacts.linkedToUser(userId)) {
      await this.anonymise(contact);
      await this.activity.record({ type: 'contact.erased', communityId: contact.communityId, actorId: null, subject: { type: 'contact', id: contact.id }, data: { by: 'member', unlinked: true } });
    }
  }

  /**
   * A manager carries out an erasure request for a customer record. A linked member is only
   * unlinked: erasing their account is theirs to do (DELETE /me).
   */
  async erase(ctx: CommunityContext, contactId: string): Promise<ContactSummaryResponse> {
    const communityId = ctx.community.id;
    const erased = await this.db.transaction(async () => {
      const contact = await this.contacts.lock(communityId, contactId);
      if (!contact) throw DomainError.notFound('contact');
      if (contact.erasedAt) throw new DomainError('conflict', 'CONTACT_ERASED', 'This customer record was already erased');
      await this.anonymise(contact);
      await this.activity.record({
        type: 'contact.erased',
        communityId,
        actorId: ctx.user!.id,
        subject: { type: 'contact', id: contactId },
        data: { by: 'staff', unlinked: contact.linkedUserId !== null },
      });
      return (await this.contacts.findOneBy(communityId, { id: contactId }))!;
    });
    return toContactSummary(erased);
  }

  async history(ctx: CommunityContext, contactId: string): Promise<ConsentEventResponse[]> {
    if (!(await this.contacts.findOneBy(ctx.community.id, { id: contactId }))) throw DomainError.notFound('contact');
    return this.consentHistory(ctx.community.id, contactId);
  }

  private async consentHistory(communityId: string, contactId: string): Promise<ConsentEventResponse[]> {
    return (await this.contacts.consentHistory(communityId, contactId)).map((e) => ({ channel: e.channel, granted: e.granted, source: e.source, at: e.at.toISOString() }));
  }

  private async anonymise(contact: ContactEntity): Promise<void> {
    const at = new Date().toISOString();
    const withdrawn = CONSENT_CHANNELS.filter((channel) => contact.consent[channel]?.granted);
    await this.contacts.recordConsent(contact.communityId, withdrawn.map((channel) => ({ contactId: contact.id, channel, consent: { granted: false, at, source: 'erasure' } })));
    await this.contacts.anonymise(contact.communityId, contact.id);
  }
}
