import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { UserEntity } from '../auth/user.entity';
import { decodeCursor, pageOf } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { BoardAccessService, isModerator, requireModerator } from './board-access.service';
import { BoardRepository } from './board.repository';
import type { CreateThreadDto, PostPageQueryDto, PostPageResponse, ThreadDetailResponse, ThreadPageResponse, ThreadResponse } from './dto/thread.dto';
import type { PageQueryDto } from '../common/page-query.dto';
import { PostPresenter } from './post-presenter.service';
import { PostRepository } from './post.repository';
import { PostingService } from './posting.service';
import type { ThreadEntity } from './thread.entity';
import { ThreadRepository, type ThreadCursor } from './thread.repository';

const isThreadCursor = (v: unknown): v is { p: boolean; c: string; i: string } =>
  typeof v === 'object' && v !== null && typeof (v as { p: unknown }).p === 'boolean' &&
  typeof (v as { c: unknown }).c === 'string' && !Number.isNaN(Date.parse((v as { c: string }).c)) &&
  typeof (v as { i: unknown }).i === 'string' && /^[0-9a-f-]{36}$/i.test((v as { i: string }).i);

const isSeqCursor = (v: unknown): v is { s: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { s: unknown }).s) && (v as { s: number }).s >= 0;

type ThreadFlag = 'lock' | 'pin';

@Injectable()
export class ThreadsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly access: BoardAccessService,
    private readonly boards: BoardRepository,
    private readonly threads: ThreadRepository,
    private readonly posts: PostRepository,
    private readonly posting: PostingService,
    private readonly presenter: PostPresenter,
    private readonly activity: ActivityService,
  ) {}

  async list(boardId: string, user: UserEntity | undefined, query: PageQueryDto): Promise<ThreadPageResponse> {
    const { ctx, board } = await this.access.board(boardId, user);
    const limit = query.limit ?? 20;
    const cursor = query.cursor ? decodeCursor(query.cursor, isThreadCursor) : undefined;
    const after: ThreadCursor | undefined = cursor && { pinned: cursor.p, createdAt: new Date(cursor.c), id: cursor.i };
    const rows = await this.threads.page(ctx.community.id, board.id, { userId: user?.id, moderator: isModerator(ctx) }, limit + 1, after);
    const page = pageOf(rows, limit, (t) => ({ p: t.pinnedAt !== null, c: t.createdAt.toISOString(), i: t.id }));
    return { items: await this.presenter.threads(ctx, page.items), nextCursor: page.nextCursor };
  }

  /** Starts a thread with its opening post. */
  async create(boardId: string, user: UserEntity, input: CreateThreadDto): Promise<ThreadDetailResponse> {
    const { ctx, board } = await this.access.board(boardId, user);
    const poster = await this.posting.assertMayPost(ctx);
    if (board.archivedAt) throw new DomainError('conflict', 'BOARD_ARCHIVED', 'This board is archived');
    if (board.readOnly && !this.posting.isStaff(ctx)) throw DomainError.forbidden('Only staff can start threads on this board');
    const threadId = await this.db.transaction(async () => {
      // Millisecond creation times round-trip exactly through cursors.
      const thread = await this.threads.insert(ctx.community.id, { boardId: board.id, authorId: user.id, title: input.title, createdAt: new Date() });
      const opening = await this.posting.append(poster, thread, input.body, null);
      await this.activity.record({
        type: 'thread.created',
        communityId: ctx.community.id,
        actorId: user.id,
        subject: { type: 'thread', id: thread.id },
        data: { boardId: board.id, postId: opening.id, title: input.title },
      });
      return thread.id;
    });
    return this.get(threadId, user);
  }

  async get(threadId: string, user: UserEntity | undefined, query: PostPageQueryDto = {}): Promise<ThreadDetailResponse> {
    const { ctx, thread } = await this.access.thread(threadId, user);
    const [board, page] = await Promise.all([this.boards.findOneBy(ctx.community.id, { id: thread.boardId }), this.pageOfPosts(ctx, thread, query)]);
    const shown = await this.presenter.threadWithPosts(ctx, thread, page.items);
    return {
      ...shown.thread,
      communitySlug: ctx.community.slug,
      boardName: board!.name,
      reactionEmojis: ctx.community.reactionEmojis,
      posts: { items: shown.posts, nextCursor: page.nextCursor },
    };
  }

  async postPage(threadId: string, user: UserEntity | undefined, query: PostPageQueryDto): Promise<PostPageResponse> {
    const { ctx, thread } = await this.access.thread(threadId, user);
    const page = await this.pageOfPosts(ctx, thread, query);
    return { items: await this.presenter.posts(ctx, page.items), nextCursor: page.nextCursor };
  }

  private async pageOfPosts(ctx: CommunityContext, thread: ThreadEntity, query: PostPageQueryDto) {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor(query.cursor, isSeqCursor).s : (query.afterSeq ?? 0);
    return pageOf(await this.posts.page(ctx.community.id, thread.id, limit + 1, after), limit, (p) => ({ s: p.seq }));
  }

  /** Records how far a member has read (for unread markers); never moves back, never past the end. */
  async markRead(threadId: string, user: UserEntity, seq: number): Promise<void> {
    const { ctx, thread } = await this.access.thread(threadId, user);
    if (!ctx.membership) throw DomainError.forbidden('Join this community first');
    await this.threads.markRead(ctx.community.id, thread.id, user.id, Math.min(seq, thread.lastSeq));
  }

  /** Lock/unlock or pin/unpin (moderators); idempotent. */
  async setFlag(threadId: string, user: UserEntity, flag: ThreadFlag, on: boolean): Promise<ThreadResponse> {
    const { ctx } = await this.access.thread(threadId, user);
    requireModerator(ctx);
    const thread = await this.db.transaction(async () => {
      const locked = (await this.threads.lock(ctx.community.id, threadId))!;
      const column = flag === 'lock' ? 'lockedAt' : 'pinnedAt';
      if ((locked[column] !== null) === on) return locked;
      locked[column] = on ? new Date() : null;
      await this.threads.update(ctx.community.id, { id: threadId }, { [column]: locked[column] });
      await this.activity.record({
        type: flag === 'lock' ? (on ? 'thread.locked' : 'thread.unlocked') : on ? 'thread.pinned' : 'thread.unpinned',
        communityId: ctx.community.id,
        actorId: user.id,
        subject: { type: 'thread', id: threadId },
        data: { boardId: locked.boardId },
      });
      return locked;
    });
    return (await this.presenter.threads(ctx, [thread]))[0];
  }
}
