import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { UserEntity } from '../auth/user.entity';
import { decodeCursor, pageOf } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { BoardAccessService, refuseSuspended, requireModerator } from './board-access.service';
import type { FlagDto, QueuePageResponse } from './dto/thread.dto';
import type { PageQueryDto } from '../common/page-query.dto';
import { FlagRepository } from './flag.repository';
import { PostPresenter } from './post-presenter.service';
import { PostRepository } from './post.repository';
import { PostsService } from './posts.service';
import { ThreadRepository } from './thread.repository';

const isQueueCursor = (v: unknown): v is { c: string; i: string } =>
  typeof v === 'object' && v !== null && typeof (v as { c: unknown }).c === 'string' && !Number.isNaN(Date.parse((v as { c: string }).c)) &&
  typeof (v as { i: unknown }).i === 'string' && /^[0-9a-f-]{36}$/i.test((v as { i: string }).i);

@Injectable()
export class ModerationService {
  constructor(
    private readonly db: DatabaseService,
    private readonly access: BoardAccessService,
    private readonly posts: PostRepository,
    private readonly threads: ThreadRepository,
    private readonly flags: FlagRepository,
    private readonly postsService: PostsService,
    private readonly presenter: PostPresenter,
    private readonly activity: ActivityService,
  ) {}

  /** A member reports a post once; enough distinct reports hide it until a moderator looks. */
  async flag(postId: string, user: UserEntity, input: FlagDto): Promise<{ hidden: boolean }> {
    const { ctx, post } = await this.access.post(postId, user);
    if (!ctx.membership) throw DomainError.forbidden('Join this community first');
    refuseSuspended(ctx.membership);
    if (post.authorId === user.id) throw DomainError.forbidden('You cannot report your own post');
    if (post.deletedAt) throw new DomainError('conflict', 'POST_DELETED', 'This post was deleted');
    return this.db.transaction(async () => {
      const locked = (await this.posts.lock(ctx.community.id, postId))!;
      const flag = await this.flags.add(ctx.community.id, postId, user.id, input.reason, input.note ?? '');
      if (!flag) throw new DomainError('conflict', 'ALREADY_FLAGGED', 'You have already reported this post');
      const flagCount = locked.flagCount + 1;
      await this.posts.update(ctx.community.id, { id: postId }, { flagCount });
      await this.activity.record({
        type: 'post.flagged',
        communityId: ctx.community.id,
        actorId: user.id,
        subject: { type: 'post', id: postId },
        data: { threadId: locked.threadId, authorId: locked.authorId, reason: input.reason },
      });
      const open = await this.flags.openFor(ctx.community.id, [postId]);
      if (!locked.hiddenAt && open.length >= ctx.community.autoHideFlagCount) {
        await this.postsService.applyHidden(ctx.community.id, locked, 'flags', null);
        return { hidden: true };
      }
      return { hidden: locked.hiddenAt !== null };
    });
  }

  /** Moderators dismiss the open reports of a post: unfounded, so a post the reports hid is shown again. */
  async dismiss(postId: string, user: UserEntity): Promise<void> {
    const { ctx } = await this.access.post(postId, user);
    requireModerator(ctx);
    await this.db.transaction(async () => {
      const post = (await this.posts.lock(ctx.community.id, postId))!;
      await this.flags.resolveAll(ctx.community.id, postId, user.id);
      if (post.hiddenReason === 'flags') await this.postsService.applyHidden(ctx.community.id, post, null, user.id);
    });
  }

  /** Posts with open reports, oldest first, with the reports. */
  async queue(ctx: CommunityContext, query: PageQueryDto): Promise<QueuePageResponse> {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor(query.cursor, isQueueCursor) : undefined;
    const rows = await this.posts.withOpenFlags(ctx.community.id, limit + 1, after && { createdAt: new Date(after.c), id: after.i });
    const page = pageOf(rows, limit, (p) => ({ c: p.createdAt.toISOString(), i: p.id }));
    const [presented, flags, titles] = await Promise.all([
      this.presenter.posts(ctx, page.items),
      this.flags.openFor(ctx.community.id, page.items.map((p) => p.id)),
      this.threads.titles(ctx.community.id, page.items.map((p) => p.threadId)),
    ]);
    const reporters = await this.presenter.authors(ctx.community.id, flags.map((f) => f.userId));
    return {
      items: presented.map((post) => ({
        post,
        threadTitle: titles.get(post.threadId) ?? '',
        flags: flags
          .filter((f) => f.postId === post.id)
          .map((f) => ({ id: f.id, reason: f.reason, note: f.note, reporter: reporters.get(f.userId) ?? null, createdAt: f.createdAt.toISOString() })),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
