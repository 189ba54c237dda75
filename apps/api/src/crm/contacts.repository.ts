import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { EMPTY_CONTACT_FIELDS } from './contact-fields';
import { type Consent, type ConsentChannel, ContactEntity } from './contact.entity';
import { ConsentEventEntity } from './consent-event.entity';

/** The columns an import writes. */
export type ContactValues = Omit<ContactEntity, 'id' | 'communityId' | 'linkedUserId' | 'linkMethod' | 'linkedAt' | 'erasedAt' | 'createdAt' | 'updatedAt'>;

/** A contact as an order refers to it. */
export interface ContactRef {
  id: string;
  linkedUserId: string | null;
}

export interface ContactFilter {
  q?: string;
  linked?: boolean;
  consent?: ConsentChannel;
}

@Injectable()
export class ContactsRepository extends CommunityScopedRepository<ContactEntity> {
  constructor(db: DatabaseService) {
    super(db, ContactEntity);
  }

  byExternalIds(communityId: string, externalIds: string[]): Promise<ContactEntity[]> {
    return externalIds.length === 0 ? Promise.resolve([]) : this.find(communityId, { where: { externalId: In(externalIds) } });
  }

  /** Ids and linked members of the contacts with these external ids, by external id (imports look up thousands at a time). */
  async refsByExternalIds(communityId: string, externalIds: string[]): Promise<Map<string, ContactRef>> {
    assertCommunityId(communityId);
    if (externalIds.length === 0) return new Map();
    const rows: Array<{ id: string; external_id: string; linked_user_id: string | null }> = await this.db.manager.query(
      `SELECT id, external_id, linked_user_id FROM crm_contacts WHERE community_id = $1 AND external_id = ANY($2::text[])`,
      [communityId, externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, { id: r.id, linkedUserId: r.linked_user_id }]));
  }

  /** The members linked to these contacts, by contact id. */
  async linkedUsersOf(communityId: string, contactIds: string[]): Promise<Map<string, string>> {
    assertCommunityId(communityId);
    if (contactIds.length === 0) return new Map();
    const rows: Array<{ id: string; linked_user_id: string }> = await this.db.manager.query(
      `SELECT id, linked_user_id FROM crm_contacts WHERE community_id = $1 AND id = ANY($2::uuid[]) AND linked_user_id IS NOT NULL`,
      [communityId, contactIds],
    );
    return new Map(rows.map((r) => [r.id, r.linked_user_id]));
  }

  byEmails(communityId: string, emails: string[]): Promise<ContactEntity[]> {
    return emails.length === 0 ? Promise.resolve([]) : this.find(communityId, { where: { email: In(emails) }, order: { createdAt: 'ASC' } });
  }

  byCustomerNumbers(communityId: string, numbers: string[]): Promise<ContactEntity[]> {
    return numbers.length === 0 ? Promise.resolve([]) : this.find(communityId, { where: { customerNumber: In(numbers) } });
  }

  /** Inserts or replaces contacts by external id; returns their ids by external id. */
  async upsert(communityId: string, contacts: ContactValues[]): Promise<Map<string, string>> {
    assertCommunityId(communityId);
    if (contacts.length === 0) return new Map();
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values(contacts.map((c) => ({ ...c, communityId })))
      .orUpdate(
        ['email', 'family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'phone', 'birth_date', 'gender', 'region', 'customer_number', 'attributes', 'source', 'consent', 'updated_at'],
        ['community_id', 'external_id'],
      )
      .returning('id, external_id')
      .execute();
    return new Map((result.raw as Array<{ id: string; external_id: string }>).map((r) => [r.external_id, r.id]));
  }

  async recordConsent(communityId: string, events: Array<{ contactId: string; channel: ConsentChannel; consent: Consent }>): Promise<void> {
    if (events.length === 0) return;
    await this.db.manager.insert(
      ConsentEventEntity,
      events.map((e) => ({ communityId, contactId: e.contactId, channel: e.channel, granted: e.consent.granted, source: e.consent.source, at: new Date(e.consent.at) })),
    );
  }

  /** A contact's consent changes, newest first. */
  consentHistory(communityId: string, contactId: string): Promise<ConsentEventEntity[]> {
    assertCommunityId(communityId);
    return this.db.manager.getRepository(ConsentEventEntity).find({ where: { communityId, contactId }, order: { at: 'DESC', id: 'DESC' } });
  }

  lock(communityId: string, contactId: string): Promise<ContactEntity | null> {
    return this.query(communityId, 'c').andWhere('c.id = :contactId', { contactId }).setLock('pessimistic_write').getOne();
  }

  /** The customer records linked to a person, in every community (their own data, for export and erasure). */
  linkedToUser(userId: string): Promise<ContactEntity[]> {
    return this.repository.find({ where: { linkedUserId: userId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Clears a contact's personal data and its link; the brand's id becomes a tombstone so a later
   * import cannot refill the record. Orders stay (amounts and dates) for analytics.
   */
  async anonymise(communityId: string, contactId: string): Promise<void> {
    await this.update(communityId, { id: contactId }, {
      externalId: `erased:${contactId}`,
      ...EMPTY_CONTACT_FIELDS,
      attributes: {},
      consent: {},
      linkedUserId: null,
      linkMethod: null,
      linkedAt: null,
      erasedAt: new Date(),
    });
  }

  unlinkedAmong(communityId: string, ids: string[]): Promise<ContactEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.find(communityId, { where: { id: In(ids), linkedUserId: IsNull() } });
  }

  /**
   * Links a contact to a member unless either is linked already; whether it did. The unique index
   * on (community, member) decides under concurrency; a savepoint keeps the caller's transaction
   * usable when it refuses.
   */
  async linkIfFree(communityId: string, contactId: string, userId: string, method: string): Promise<boolean> {
    assertCommunityId(communityId);
    const manager = this.db.manager;
    await manager.query('SAVEPOINT crm_link');
    try {
      const [, changed]: [unknown, number] = await manager.query(
        `UPDATE crm_contacts SET linked_user_id = $3, link_method = $4, linked_at = now()
          WHERE community_id = $1 AND id = $2 AND linked_user_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM crm_contacts WHERE community_id = $1 AND linked_user_id = $3)`,
        [communityId, contactId, userId, method],
      );
      await manager.query('RELEASE SAVEPOINT crm_link');
      return changed > 0;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT crm_link');
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async unlink(communityId: string, contactId: string): Promise<void> {
    await this.update(communityId, { id: contactId }, { linkedUserId: null, linkMethod: null, linkedAt: null });
  }

  linkedTo(communityId: string, userId: string): Promise<ContactEntity | null> {
    return this.findOneBy(communityId, { linkedUserId: userId });
  }

  /** A page of contacts by name/email search and filters, newest first (cursor: the last id seen). */
  async page(communityId: string, filter: ContactFilter, limit: number, after?: { createdAt: string; id: string }): Promise<ContactEntity[]> {
    const query = this.query(communityId, 'c').orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit);
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query.andWhere(
        `(c.email ILIKE :pattern OR c.externalId ILIKE :pattern OR (c.familyName || c.givenName) ILIKE :pattern OR (c.familyName || ' ' || c.givenName) ILIKE :pattern OR (c.familyNameKana || c.givenNameKana) ILIKE :pattern)`,
        { pattern },
      );
    }
    if (filter.linked !== undefined) query.andWhere(filter.linked ? 'c.linkedUserId IS NOT NULL' : 'c.linkedUserId IS NULL');
    if (filter.consent) query.andWhere(`(c.consent -> :channel ->> 'granted')::boolean IS TRUE`, { channel: filter.consent });
    if (after) query.andWhere('(c.createdAt, c.id) < (:createdAt, :id)', after);
    return query.getMany();
  }

  /** Every contact of the community (segments evaluate each). */
  all(communityId: string): Promise<ContactEntity[]> {
    return this.find(communityId, { order: { createdAt: 'DESC', id: 'DESC' } });
  }

  linked(communityId: string): Promise<ContactEntity[]> {
    return this.find(communityId, { where: { linkedUserId: Not(IsNull()) } });
  }
}
