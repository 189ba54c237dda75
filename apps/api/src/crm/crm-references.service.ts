import { Injectable } from '@nestjs/common';
import { ContactsRepository } from './contacts.repository';
import { OrdersRepository } from './orders.repository';

/** A customer record as the brand's own systems name it. */
export interface ContactReference {
  id: string;
  externalId: string;
}

/**
 * The brand's own ids for customers and orders, for messages back to the brand (webhooks): ids
 * only, never the personal fields of the record. Its own small module, so webhooks can ask without
 * depending on the rest of the CRM.
 */
@Injectable()
export class CrmReferencesService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly orders: OrdersRepository,
  ) {}

  async contact(communityId: string, contactId: string): Promise<ContactReference | null> {
    const contact = await this.contacts.findOneBy(communityId, { id: contactId });
    return contact && { id: contact.id, externalId: contact.externalId };
  }

  /** The customer record linked to a member, if any. */
  async contactOfMember(communityId: string, userId: string): Promise<ContactReference | null> {
    const contact = await this.contacts.linkedTo(communityId, userId);
    return contact && { id: contact.id, externalId: contact.externalId };
  }

  async orderExternalId(communityId: string, orderId: string): Promise<string | null> {
    return (await this.orders.findOneBy(communityId, { id: orderId }))?.externalId ?? null;
  }
}
