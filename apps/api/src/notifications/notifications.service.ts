import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { UserEntity } from '../auth/user.entity';
import { decodeCursor, pageOf } from '../common/cursor';
import type { PageQueryDto } from '../common/page-query.dto';
import { CommunitiesService } from '../communities/communities.service';
import { DatabaseService } from '../database/database.service';
import type { NotificationPageResponse } from './dto/notification.dto';
import { NotificationRepository } from './notification.repository';

const isCursor = (v: unknown): v is { u: string; i: string } =>
  typeof v === 'object' && v !== null && typeof (v as { u: unknown }).u === 'string' && !Number.isNaN(Date.parse((v as { u: string }).u)) &&
  typeof (v as { i: unknown }).i === 'string' && /^[0-9a-f-]{36}$/i.test((v as { i: string }).i);

@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly notifications: NotificationRepository,
    private readonly auth: AuthService,
    private readonly communities: CommunitiesService,
  ) {}

  async list(user: UserEntity, query: PageQueryDto): Promise<NotificationPageResponse> {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor(query.cursor, isCursor) : undefined;
    const rows = await this.notifications.page(user.id, limit + 1, after && { updatedAt: new Date(after.u), id: after.i });
    const page = pageOf(rows, limit, (n) => ({ u: n.updatedAt.toISOString(), i: n.id }));
    const [actors, slugs, unreadCount] = await Promise.all([
      this.auth.accountNames([...new Set(page.items.map((n) => n.actorId).filter((id): id is string => id !== null))]),
      this.communities.slugs(page.items.map((n) => n.communityId)),
      this.notifications.unreadCount(user.id),
    ]);
    const names = new Map(actors.filter((a) => !a.erasedAt).map((a) => [a.id, a.displayName]));
    return {
      items: page.items.map((n) => ({
        id: n.id,
        type: n.type,
        communitySlug: slugs.get(n.communityId) ?? '',
        actor: n.actorId && names.has(n.actorId) ? { id: n.actorId, displayName: names.get(n.actorId)! } : null,
        othersCount: n.count - 1,
        threadId: n.threadId,
        postId: n.postId,
        threadTitle: String(n.data.threadTitle ?? ''),
        emoji: typeof n.data.emoji === 'string' ? n.data.emoji : null,
        postSeq: typeof n.data.postSeq === 'number' ? n.data.postSeq : null,
        replyTo: n.data.replyTo === 'thread' || n.data.replyTo === 'post' ? n.data.replyTo : null,
        badge: n.type === 'badge' ? { id: String(n.data.badgeId), icon: String(n.data.badgeIcon), name: n.data.badgeName as { ja: string; en: string } } : null,
        read: n.readAt !== null,
        createdAt: n.createdAt.toISOString(),
        updatedAt: n.updatedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
      unreadCount,
    };
  }

  /** A person's notifications as stored (their data export). */
  async exportFor(userId: string): Promise<Array<{ communityId: string; type: string; count: number; threadId: string | null; postId: string | null; data: Record<string, unknown>; read: boolean; createdAt: string }>> {
    return (await this.notifications.allOf(userId)).map((n) => ({
      communityId: n.communityId,
      type: n.type,
      count: n.count,
      threadId: n.threadId,
      postId: n.postId,
      data: n.data,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    }));
  }

  /** On erasure, inside the caller's transaction: a person's notifications go. */
  async eraseFor(userId: string): Promise<void> {
    await this.notifications.deleteAllOf(userId);
  }

  async markRead(user: UserEntity, ids: string[] | undefined): Promise<{ unreadCount: number }> {
    await this.db.transaction(() => this.notifications.markRead(user.id, ids));
    return { unreadCount: await this.notifications.unreadCount(user.id) };
  }
}
