import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { BadgeAwardedEvent, RoomName } from '@kizuna/contracts';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { BoardEventsService } from '../boards/board-events.service';
import { RealtimeService } from './realtime.service';

const POST_CHANGES = ['post.edited', 'post.deleted', 'post.hidden', 'post.unhidden'];

/**
 * Turns committed activity into socket events. It reads the current public view of the thread or
 * post and emits at once: the activity has committed already, so the announcement is true, and it
 * does not wait for the rest of the dispatcher's batch (recognition, analytics… of up to 50 events).
 * A redelivery (the batch rolled back, or a consumer failed) may announce twice, which clients
 * absorb: events carry ids and absolute counts.
 */
@Injectable()
export class RealtimeConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'realtime';
  readonly announces = true;
  readonly types = ['thread.created', 'post.created', ...POST_CHANGES, 'reaction.added', 'reaction.removed', 'badge.awarded'];

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly boards: BoardEventsService,
    private readonly realtime: RealtimeService,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    const communityId = event.communityId;
    if (!communityId || !event.subjectId) return;
    if (event.type === 'badge.awarded') {
      const { userId, communitySlug, badge } = event.data as { userId: string; communitySlug: string; badge: Omit<BadgeAwardedEvent, 'badgeId' | 'communitySlug'> };
      this.realtime.toUser(userId, 'badge.awarded', { badgeId: event.subjectId!, communitySlug, ...badge, title: badge.title ?? null });
      return;
    }
    if (event.type === 'thread.created') {
      const thread = await this.boards.thread(communityId, event.subjectId);
      if (!thread || thread.hidden) return;
      const { hidden: _h, authorId: _a, ...view } = thread;
      this.realtime.toRooms([`board:${thread.boardId}`], 'thread.created', view);
      return;
    }
    const post = await this.boards.post(communityId, event.subjectId);
    if (!post) return;
    const room: RoomName = `thread:${post.threadId}`;
    if (event.type === 'post.created') {
      const { threadId, postId, seq, author, bodyHtml, replyToPostId, createdAt } = post;
      if (bodyHtml === null) return;
      this.realtime.toRooms([room], 'post.created', { threadId, postId, seq, author, bodyHtml, replyToPostId, createdAt });
    } else if (POST_CHANGES.includes(event.type)) {
      const { threadId, postId, bodyHtml, deleted, hidden, revision } = post;
      this.realtime.toRooms([room], 'post.updated', { threadId, postId, bodyHtml, deleted, hidden, revision });
    } else {
      const emoji = String(event.data.emoji);
      this.realtime.toRooms([room], 'reaction.updated', { threadId: post.threadId, postId: post.postId, emoji, count: post.reactionCounts[emoji] ?? 0 });
    }
  }
}
