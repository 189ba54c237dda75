import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { AuthService } from '../auth/auth.service';
import type { UserEntity } from '../auth/user.entity';
import { AuthorDataService } from '../boards/author-data.service';
import { DomainError } from '../common/domain-error';
import { CommunitiesService } from '../communities/communities.service';
import { ContactPrivacyService } from '../crm/contact-privacy.service';
import { DatabaseService } from '../database/database.service';
import { NotificationsService } from '../notifications/notifications.service';
import { MemberDataService } from '../recognition/member-data.service';
import type { DataExportResponse } from './dto/privacy.dto';

/**
 * A person's rights over their data: a copy of everything held about them, and erasure. Each
 * feature says what it holds through its own service; erasure runs in one transaction, so it
 * happens entirely or not at all.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly db: DatabaseService,
    private readonly auth: AuthService,
    private readonly communities: CommunitiesService,
    private readonly authored: AuthorDataService,
    private readonly recognition: MemberDataService,
    private readonly notifications: NotificationsService,
    private readonly customers: ContactPrivacyService,
    private readonly activity: ActivityService,
  ) {}

  async export(signedIn: UserEntity): Promise<DataExportResponse> {
    // The account as stored now (the request's copy may be up to a second old: AccountCache).
    const user = (await this.auth.findAccount(signedIn.id)) ?? signedIn;
    const memberships = await this.communities.myCommunities(user);
    const [authored, recognition, notifications, customerRecords] = await Promise.all([
      this.authored.exportFor(user.id),
      Promise.all(memberships.map((m) => this.recognition.exportFor(m.community.id, user.id))),
      this.notifications.exportFor(user.id),
      this.customers.exportFor(user.id),
    ]);
    await this.db.transaction(() => this.activity.record({ type: 'account.exported', actorId: user.id, subject: { type: 'user', id: user.id } }));
    return {
      exportedAt: new Date().toISOString(),
      account: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        locale: user.locale,
        emailVerified: user.emailVerifiedAt !== null,
        createdAt: user.createdAt.toISOString(),
      },
      memberships: memberships.map(({ membership, community }) => ({
        communityId: community.id,
        slug: community.slug,
        name: community.name,
        role: membership.role,
        joinedAt: membership.joinedAt.toISOString(),
      })),
      ...authored,
      recognition,
      notifications,
      consents: customerRecords.flatMap((record) =>
        Object.entries(record.consent).map(([channel, consent]) => ({ communityId: record.communityId, channel, granted: consent!.granted, source: consent!.source, at: consent!.at })),
      ),
      customerRecords,
    };
  }

  /**
   * Erases the account after re-authentication: it can never sign in again; the person leaves
   * member lists, rankings and profiles; their posts lose their name (or go, where the community
   * says so); their customer records are anonymised. Ids stay in history so counts do not change.
   */
  async erase(user: UserEntity, password: string): Promise<void> {
    if (!(await this.auth.passwordMatches(user, password))) {
      throw new DomainError('bad-request', 'WRONG_PASSWORD', 'password is not your current password', 'password');
    }
    await this.db.transaction(async () => {
      if (!(await this.auth.eraseAccount(user.id))) throw new DomainError('unauthorized', 'UNAUTHENTICATED', 'This account no longer exists');
      const communities = await this.communities.eraseMemberships(user.id);
      for (const { communityId, erasedPostsPolicy } of communities) {
        await this.recognition.eraseFor(communityId, user.id);
        if (erasedPostsPolicy === 'remove') await this.authored.removeAllBy(communityId, user.id);
      }
      await this.notifications.eraseFor(user.id);
      await this.customers.eraseLinkedTo(user.id);
      await this.activity.record({
        type: 'account.erased',
        actorId: user.id,
        subject: { type: 'user', id: user.id },
        data: { communities: communities.length, postsRemovedIn: communities.filter((c) => c.erasedPostsPolicy === 'remove').length },
      });
    });
  }
}
