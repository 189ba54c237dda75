import { Injectable } from '@nestjs/common';
import { MODERATION_ROLES, type Role } from '@kizuna/contracts';
import type { UserEntity } from '../auth/user.entity';
import { DomainError } from '../common/domain-error';
import { CommunitiesService, twoFactorRequired } from '../communities/communities.service';
import { PerksService } from '../recognition/perks.service';
import type { CommunityContext } from '../communities/community-access';
import type { BoardEntity } from './board.entity';
import { BoardRepository } from './board.repository';
import type { PostEntity } from './post.entity';
import { PostRepository } from './post.repository';
import type { ThreadEntity } from './thread.entity';
import { ThreadRepository } from './thread.repository';

export const isModerator = (ctx: CommunityContext) => MODERATION_ROLES.includes(ctx.membership?.role as Role);

/**
 * Finds the community behind a board, thread or post id in a path, and the caller's membership in
 * it. Unknown ids, and ids the caller may not see (hidden content of others), are 404 — the same
 * answer as for another community's ids.
 */
@Injectable()
export class BoardAccessService {
  constructor(
    private readonly communities: CommunitiesService,
    private readonly boards: BoardRepository,
    private readonly threads: ThreadRepository,
    private readonly posts: PostRepository,
    private readonly perks: PerksService,
  ) {}

  /** Members-only boards (a perk) the viewer has not unlocked: to them they do not exist. */
  hiddenBoards(ctx: CommunityContext): Promise<Set<string>> {
    return this.perks.hiddenBoardIds(ctx);
  }

  async board(boardId: string, user?: UserEntity): Promise<{ ctx: CommunityContext; board: BoardEntity }> {
    const board = await this.boards.findForTenantCheck(boardId);
    if (!board) throw DomainError.notFound('board');
    const ctx = await this.communities.accessById(board.communityId, user);
    if ((board.archivedAt && !isModerator(ctx)) || (await this.hiddenBoards(ctx)).has(board.id)) throw DomainError.notFound('board');
    return { ctx, board };
  }

  async thread(threadId: string, user?: UserEntity): Promise<{ ctx: CommunityContext; thread: ThreadEntity }> {
    const thread = await this.threads.findForTenantCheck(threadId);
    if (!thread) throw DomainError.notFound('thread');
    const ctx = await this.communities.accessById(thread.communityId, user);
    if (thread.hiddenAt && !isModerator(ctx) && thread.authorId !== user?.id) throw DomainError.notFound('thread');
    if ((await this.hiddenBoards(ctx)).has(thread.boardId)) throw DomainError.notFound('thread');
    return { ctx, thread };
  }

  async post(postId: string, user?: UserEntity): Promise<{ ctx: CommunityContext; post: PostEntity }> {
    const post = await this.posts.findForTenantCheck(postId);
    if (!post) throw DomainError.notFound('post');
    const ctx = await this.communities.accessById(post.communityId, user);
    if (post.hiddenAt && !isModerator(ctx) && post.authorId !== user?.id) throw DomainError.notFound('post');
    const hidden = await this.hiddenBoards(ctx);
    if (hidden.size > 0) {
      const thread = await this.threads.findOneBy(ctx.community.id, { id: post.threadId });
      if (!thread || hidden.has(thread.boardId)) throw DomainError.notFound('post');
    }
    return { ctx, post };
  }
}

/** Members only: 403 for signed-in non-members. */
export function requireMember(ctx: CommunityContext): asserts ctx is CommunityContext & { user: UserEntity } {
  if (!ctx.user || !ctx.membership) throw DomainError.forbidden('Join this community first');
}

/** Moderators, managers and owners — with two-factor sign-in where the community requires it of staff. */
export function requireModerator(ctx: CommunityContext): asserts ctx is CommunityContext & { user: UserEntity } {
  if (!isModerator(ctx)) throw DomainError.forbidden('This needs a moderator, manager or owner');
  if (ctx.community.requireStaffTwoFactor && !ctx.user?.twoFactorEnabledAt) throw twoFactorRequired();
}

/** Suspended members read but do not post, react or report. */
export function refuseSuspended(membership: { suspendedAt: Date | null }): void {
  if (membership.suspendedAt) throw new DomainError('forbidden', 'SUSPENDED', 'You are suspended in this community');
}
