import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { NotificationType } from '@kizuna/contracts';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { AuthService } from '../auth/auth.service';
import { BoardEventsService } from '../boards/board-events.service';
import { DatabaseService } from '../database/database.service';
import { RealtimeService } from '../realtime/realtime.service';
import { NotificationRepository } from './notification.repository';

/**
 * Makes notifications from committed activity and pushes each to `user:<id>` after commit:
 * a reply notifies the thread's author and the author of the post replied to; a mention notifies
 * the person named; reactions notify the post's author, bundled into one unread notification per
 * post. Nobody is notified of their own doing, nor an erased account of anything.
 */
@Injectable()
export class NotificationsConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'notifications';
  readonly types = ['post.created', 'post.mentioned', 'reaction.added', 'badge.awarded'];

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly db: DatabaseService,
    private readonly notifications: NotificationRepository,
    private readonly boards: BoardEventsService,
    private readonly realtime: RealtimeService,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    if (!event.communityId || !event.subjectId) return;
    if (event.type === 'badge.awarded') {
      const { userId, badge } = event.data as { userId: string; badge: { icon: string; name: { ja: string; en: string } } };
      await this.notify(userId, 'badge', event, { badgeId: event.subjectId, badgeIcon: badge.icon, badgeName: badge.name });
      return;
    }
    const post = await this.boards.post(event.communityId, event.subjectId);
    if (!post) return;
    const thread = await this.boards.thread(event.communityId, post.threadId);
    // Who hears of it, as what; a reply says whether it answered their thread or their post.
    const recipients = new Map<string, { type: NotificationType; replyTo?: 'thread' | 'post' }>();
    if (event.type === 'post.created') {
      if (thread?.authorId) recipients.set(thread.authorId, { type: 'reply', replyTo: 'thread' });
      if (post.replyToPostId) {
        const target = await this.boards.post(event.communityId, post.replyToPostId);
        if (target?.authorId) recipients.set(target.authorId, { type: 'reply', replyTo: 'post' });
      }
    } else if (event.type === 'post.mentioned') {
      recipients.set(String(event.data.mentionedUserId), { type: 'mention' });
    } else if (post.authorId) {
      recipients.set(post.authorId, { type: 'reaction' });
    }
    recipients.delete(event.actorId ?? '');
    for (const [userId, { type, replyTo }] of recipients) {
      await this.notify(userId, type, event, { postId: post.postId, threadId: post.threadId, threadTitle: thread?.title ?? '', postSeq: post.seq, ...(replyTo ? { replyTo } : {}) });
    }
  }

  private async notify(userId: string, type: NotificationType, event: OutboxEvent, about: { postId?: string; threadId?: string; threadTitle?: string; [k: string]: unknown }): Promise<void> {
    if (await this.notifications.alreadyHas(userId, event.activityId)) return;
    // Nobody is notified on behalf of an erased account (a reply to their old thread, say).
    const [account] = await this.auth.findAccounts([userId]);
    if (!account || account.erasedAt) return;
    const { postId, threadId, ...data } = about;
    const bundle = type === 'reaction' && postId ? await this.notifications.unreadReactionBundle(userId, postId) : null;
    let id: string;
    if (bundle) {
      await this.notifications.bundle(bundle, event.actorId, event.activityId);
      id = bundle.id;
    } else {
      const created = await this.notifications.insert({
        userId,
        communityId: event.communityId!,
        type,
        actorId: event.actorId,
        threadId: threadId ?? null,
        postId: postId ?? null,
        data: { ...data, ...(type === 'reaction' ? { emoji: event.data.emoji } : {}) },
        activityIds: [event.activityId],
      });
      id = created.id;
    }
    const unreadCount = await this.notifications.unreadCount(userId);
    this.db.afterCommit(() => this.realtime.toUser(userId, 'notification', { id, type, unreadCount }));
  }
}
