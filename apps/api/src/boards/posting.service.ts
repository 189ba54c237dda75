import { Injectable } from '@nestjs/common';
import { STAFF_ROLES, MODERATION_ROLES, type Role } from '@kizuna/contracts';
import { ActivityService } from '../activity/activity.service';
import { AuthService } from '../auth/auth.service';
import { DomainError, RateLimitedError } from '../common/domain-error';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import type { UserEntity } from '../auth/user.entity';
import { refuseSuspended } from './board-access.service';
import { BoardRepository } from './board.repository';
import { mentionedNames, renderMarkdown } from './markdown';
import type { PostEntity } from './post.entity';
import { PostRepository } from './post.repository';
import type { ThreadEntity } from './thread.entity';
import { ThreadRepository } from './thread.repository';

const HOUR = 3_600_000;

/**
 * Writing posts: who may post (members; new members within their hourly limit, in the spirit of
 * Discourse's new-user limits), rendering, counters, and the activity of a post and its mentions.
 * Callers run it inside their transaction.
 */
@Injectable()
export class PostingService {
  constructor(
    private readonly boards: BoardRepository,
    private readonly threads: ThreadRepository,
    private readonly posts: PostRepository,
    private readonly activity: ActivityService,
    private readonly communities: CommunitiesService,
    private readonly auth: AuthService,
  ) {}

  /** The poster's context; 403 for non-members, 429 with Retry-After for a new member over their hourly limit. */
  async assertMayPost(ctx: CommunityContext): Promise<CommunityContext & { user: UserEntity }> {
    if (!ctx.user || !ctx.membership) throw DomainError.forbidden('Join this community to post');
    refuseSuspended(ctx.membership);
    const poster = { ...ctx, user: ctx.user };
    if (MODERATION_ROLES.includes(ctx.membership.role)) return poster;
    const { newMemberHours, newMemberPostsPerHour } = ctx.community;
    if (Date.now() - ctx.membership.joinedAt.getTime() >= newMemberHours * HOUR) return poster;
    const since = new Date(Date.now() - HOUR);
    const recent = await this.posts.authoredSince(ctx.community.id, ctx.user.id, since);
    if (recent.count >= newMemberPostsPerHour) {
      const retryAfter = ((recent.oldest?.getTime() ?? Date.now()) + HOUR - Date.now()) / 1000;
      throw new RateLimitedError(
        'POSTING_LIMIT',
        `New members can post ${newMemberPostsPerHour} times an hour; try again in ${Math.ceil(retryAfter / 60)} minutes`,
        retryAfter,
      );
    }
    return poster;
  }

  isStaff(ctx: CommunityContext): boolean {
    return STAFF_ROLES.includes(ctx.membership?.role as Role);
  }

  /** Appends a post to a locked thread row (the caller holds the lock: positions are handed out in commit order). */
  async append(ctx: CommunityContext & { user: UserEntity }, thread: ThreadEntity, body: string, replyToPostId: string | null): Promise<PostEntity> {
    const communityId = ctx.community.id;
    const rendered = renderMarkdown(body);
    const seq = thread.lastSeq + 1;
    const now = new Date();
    const post = await this.posts.insert(communityId, {
      threadId: thread.id,
      seq,
      authorId: ctx.user.id,
      replyToPostId,
      bodyMarkdown: body,
      bodyHtml: rendered.html,
      bodyText: rendered.text,
      reactionCounts: {},
      // Millisecond creation times round-trip exactly through cursors.
      createdAt: now,
    });
    await this.threads.update(communityId, { id: thread.id }, {
      lastSeq: seq,
      lastPostAt: now,
      ...(seq > 1 ? { replyCount: thread.replyCount + 1 } : {}),
    });
    if (seq > 1) {
      await this.activity.record({
        type: 'post.created',
        communityId,
        actorId: ctx.user.id,
        subject: { type: 'post', id: post.id },
        data: { threadId: thread.id, boardId: thread.boardId, seq, threadAuthorId: thread.authorId, replyToPostId },
      });
    }
    await this.recordMentions(ctx, post, body);
    // Last: the board's row is shared by every post on the board, so its lock is held only until the commit.
    await this.boards.countActivity(communityId, thread.boardId, { threads: seq === 1 ? 1 : 0, posts: 1 }, now);
    return post;
  }

  /** One `post.mentioned` per member named with `@displayName` (not the author). */
  async recordMentions(ctx: CommunityContext & { user: UserEntity }, post: PostEntity, body: string, alreadyMentioned: string[] = []): Promise<void> {
    const names = mentionedNames(body).filter((n) => !alreadyMentioned.includes(n));
    if (names.length === 0) return;
    const accounts = await this.auth.findAccountsByDisplayNames(names);
    const members = await this.communities.membersAmong(ctx.community.id, accounts.map((a) => a.id));
    for (const member of members) {
      if (member.userId === ctx.user.id) continue;
      await this.activity.record({
        type: 'post.mentioned',
        communityId: ctx.community.id,
        actorId: ctx.user.id,
        subject: { type: 'post', id: post.id },
        data: { threadId: post.threadId, mentionedUserId: member.userId },
      });
    }
  }
}
