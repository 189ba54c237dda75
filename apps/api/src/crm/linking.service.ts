import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { AuthService } from '../auth/auth.service';
import { DomainError } from '../common/domain-error';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import type { ContactEntity } from './contact.entity';
import { ContactsRepository } from './contacts.repository';
import type { LinkConflictEntity } from './link-conflict.entity';
import { LinkConflictsRepository } from './link-conflicts.repository';

/**
 * Links members to customer records: by a confirmed email (automatically), by a customer number
 * the fan enters with a second detail, or by a manager. One contact per member and one member per
 * contact (unique indexes); a claim on a contact someone else holds becomes a conflict for a
 * manager, never a merge. Each link and unlink is activity.
 */
@Injectable()
export class LinkingService {
  constructor(
    private readonly db: DatabaseService,
    private readonly contacts: ContactsRepository,
    private readonly conflicts: LinkConflictsRepository,
    private readonly communities: CommunitiesService,
    private readonly auth: AuthService,
    private readonly activity: ActivityService,
  ) {}

  /** Links these contacts to members who confirmed the same email (in the caller's transaction). */
  async linkByEmail(communityId: string, contactIds: string[]): Promise<number> {
    if (contactIds.length === 0) return 0;
    const contacts = (await this.contacts.unlinkedAmong(communityId, contactIds)).filter((c) => c.email);
    const accounts = await this.auth.findVerifiedByEmails([...new Set(contacts.map((c) => c.email!))]);
    if (accounts.length === 0) return 0;
    const members = new Set((await this.communities.membersAmong(communityId, accounts.map((a) => a.id))).map((m) => m.userId));
    let linked = 0;
    for (const contact of contacts) {
      const account = accounts.find((a) => a.email === contact.email && members.has(a.id));
      if (account && (await this.tryLink(communityId, contact, account.id, 'email', null))) linked += 1;
    }
    return linked;
  }

  /** A member joined or confirmed their email: link them to the customer record with that email. */
  async linkMember(communityId: string, userId: string): Promise<void> {
    const [account] = await this.auth.findAccounts([userId]);
    if (!account?.emailVerifiedAt) return;
    const [contact] = (await this.contacts.byEmails(communityId, [account.email])).filter((c) => !c.linkedUserId);
    if (contact) await this.tryLink(communityId, contact, userId, 'email', null);
  }

  /**
   * A fan links themselves with their customer number and their birth date or phone number. A
   * wrong pair answers like an unknown number; a contact held by someone else becomes a conflict.
   */
  async claimByNumber(ctx: CommunityContext, customerNumber: string, verifier: string): Promise<ContactEntity> {
    const userId = ctx.user!.id;
    const communityId = ctx.community.id;
    const [contact] = await this.contacts.byCustomerNumbers(communityId, [customerNumber]);
    const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');
    const proven = contact && ((contact.birthDate !== null && contact.birthDate === verifier.trim()) || (digits(contact.phone).length >= 4 && digits(contact.phone) === digits(verifier)));
    if (!contact || !proven) throw new DomainError('not-found', 'CUSTOMER_NOT_FOUND', 'No customer record matches this number and detail', 'customerNumber');
    const outcome = await this.db.transaction(async () => {
      if (contact.linkedUserId === userId) return 'linked';
      const mine = await this.contacts.linkedTo(communityId, userId);
      if (!contact.linkedUserId && !mine && (await this.tryLink(communityId, contact, userId, 'number', userId))) return 'linked';
      await this.conflicts.insert(communityId, { contactId: contact.id, userId, method: 'number', resolvedAt: null, resolvedBy: null });
      await this.activity.record({ type: 'contact.link_conflict', communityId, actorId: userId, subject: { type: 'contact', id: contact.id }, data: { method: 'number' } });
      return 'conflict';
    });
    if (outcome === 'conflict') {
      throw new DomainError('conflict', 'LINK_CONFLICT', 'This customer record is linked to another account, or yours to another record: the community staff will review it');
    }
    return { ...contact, linkedUserId: userId };
  }

  /** A manager links a contact to a member; both must be free (unlink first), open conflicts on it are resolved. */
  async linkManually(ctx: CommunityContext, contactId: string, userId: string): Promise<void> {
    const communityId = ctx.community.id;
    const contact = await this.requireContact(communityId, contactId);
    if (contact.erasedAt) throw new DomainError('conflict', 'CONTACT_ERASED', 'This customer record was erased: it cannot be linked');
    const [member] = await this.communities.membersAmong(communityId, [userId]);
    if (!member || member.erasedAt) throw DomainError.notFound('member');
    await this.db.transaction(async () => {
      if (contact.linkedUserId === userId) return;
      if (contact.linkedUserId) throw new DomainError('conflict', 'CONTACT_LINKED', 'This contact is linked to another member: unlink it first');
      if (await this.contacts.linkedTo(communityId, userId)) throw new DomainError('conflict', 'MEMBER_LINKED', 'This member is linked to another contact: unlink that first');
      if (!(await this.tryLink(communityId, contact, userId, 'manual', ctx.user!.id))) throw new DomainError('conflict', 'CONTACT_LINKED', 'Linked meanwhile: reload and try again');
      await this.resolveConflicts(communityId, contactId, ctx.user!.id);
    });
  }

  async unlink(ctx: CommunityContext, contactId: string): Promise<void> {
    const communityId = ctx.community.id;
    const contact = await this.requireContact(communityId, contactId);
    if (!contact.linkedUserId) return;
    await this.db.transaction(async () => {
      await this.contacts.unlink(communityId, contactId);
      await this.activity.record({ type: 'contact.unlinked', communityId, actorId: ctx.user!.id, subject: { type: 'contact', id: contactId }, data: { userId: contact.linkedUserId } });
    });
  }

  openConflicts(communityId: string): Promise<LinkConflictEntity[]> {
    return this.conflicts.open(communityId);
  }

  async dismissConflict(ctx: CommunityContext, conflictId: string): Promise<void> {
    if ((await this.conflicts.resolve(ctx.community.id, { id: conflictId }, ctx.user!.id)) === 0) throw DomainError.notFound('conflict');
  }

  /** Members linked to these contacts, by contact id. */
  linkedUsers(communityId: string, contactIds: string[]): Promise<Map<string, string>> {
    return this.contacts.linkedUsersOf(communityId, contactIds);
  }

  /** Links unless the contact or the member got linked meanwhile; records it as activity. */
  private async tryLink(communityId: string, contact: ContactEntity, userId: string, method: string, actorId: string | null): Promise<boolean> {
    if (!(await this.contacts.linkIfFree(communityId, contact.id, userId, method))) return false;
    await this.activity.record({ type: 'contact.linked', communityId, actorId: actorId ?? userId, subject: { type: 'contact', id: contact.id }, data: { userId, method } });
    return true;
  }

  private async resolveConflicts(communityId: string, contactId: string, by: string): Promise<void> {
    await this.conflicts.resolve(communityId, { contactId }, by);
  }

  private async requireContact(communityId: string, contactId: string): Promise<ContactEntity> {
    const contact = await this.contacts.findOneBy(communityId, { id: contactId });
    if (!contact) throw DomainError.notFound('contact');
    return contact;
  }
}
