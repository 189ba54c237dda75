import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { UserEntity } from '../auth/user.entity';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';
import { BoardAccessService, isModerator, requireModerator } from './board-access.service';
import { BoardRepository } from './board.repository';
import type { CreatePostDto, PostResponse, UpdatePostDto } from './dto/thread.dto';
import { mentionedNames, renderMarkdown } from './markdown';
import type { HiddenReason, PostEntity } from './post.entity';
import { PostPresenter } from './post-presenter.service';
import { PostRepository } from './post.repository';
import { PostingService } from './posting.service';
import { FlagRepository } from './flag.repository';
import { ThreadRepository } from './thread.repository';

@Injectable()
export class PostsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly access: BoardAccessService,
    private readonly boards: BoardRepository,
    private readonly threads: ThreadRepository,
    private readonly posts: PostRepository,
    private readonly flags: FlagRepository,
    private readonly posting: PostingService,
    private readonly presenter: PostPresenter,
    private readonly activity: ActivityService,
  ) {}

  async reply(threadId: string, user: UserEntity, input: CreatePostDto): Promise<PostResponse> {
    const { ctx } = await this.access.thread(threadId, user);
    const poster = await this.posting.assertMayPost(ctx);
    const post = await this.db.transaction(async () => {
      const thread = (await this.threads.lock(ctx.community.id, threadId))!;
      if (thread.lockedAt && !isModerator(ctx)) throw new DomainError('conflict', 'THREAD_LOCKED', 'This thread is locked: no new replies');
      if (input.replyToPostId) {
        const target = await this.posts.findOneBy(ctx.community.id, { id: input.replyToPostId, threadId });
        if (!target) throw new DomainError('bad-request', 'INVALID_REPLY_TO', 'replyToPostId must be a post of this thread', 'replyToPostId');
      }
      return this.posting.append(poster, thread, input.body, input.replyToPostId ?? null);
    });
    return (await this.presenter.posts(ctx, [post]))[0];
  }

  /** Author or moderator; the previous source is kept as a revision. */
  async edit(postId: string, user: UserEntity, input: UpdatePostDto): Promise<PostResponse> {
    const { ctx } = await this.access.post(postId, user);
    const post = await this.db.transaction(async () => {
      const post = (await this.posts.lock(ctx.community.id, postId))!;
      this.assertMayChange(ctx, post, user, 'edit');
      if (post.bodyMarkdown === input.body) return post;
      await this.posts.addRevision(ctx.community.id, { postId, revision: post.revision, bodyMarkdown: post.bodyMarkdown, editorId: user.id });
      const rendered = renderMarkdown(input.body);
      const changes = { bodyMarkdown: input.body, bodyHtml: rendered.html, bodyText: rendered.text, revision: post.revision + 1, editedAt: new Date() };
      await this.posts.update(ctx.community.id, { id: postId }, changes);
      const edited = { ...post, ...changes };
      await this.activity.record({
        type: 'post.edited',
        communityId: ctx.community.id,
        actorId: user.id,
        subject: { type: 'post', id: postId },
        data: { threadId: post.threadId, revision: edited.revision },
      });
      await this.posting.recordMentions({ ...ctx, user }, edited, input.body, mentionedNames(post.bodyMarkdown));
      return edited;
    });
    return (await this.presenter.posts(ctx, [post]))[0];
  }

  /** Author or moderator. The post stays as a placeholder so the conversation still reads. */
  async remove(postId: string, user: UserEntity): Promise<void> {
    const { ctx } = await this.access.post(postId, user);
    await this.db.transaction(async () => {
      const post = (await this.posts.lock(ctx.community.id, postId))!;
      this.assertMayChange(ctx, post, user, 'delete');
      const thread = (await this.threads.lock(ctx.community.id, post.threadId))!;
      await this.posts.update(ctx.community.id, { id: postId }, { deletedAt: new Date() });
      if (post.seq > 1) await this.threads.update(ctx.community.id, { id: thread.id }, { replyCount: Math.max(0, thread.replyCount - 1) });
      await this.boards.countActivity(ctx.community.id, thread.boardId, { threads: 0, posts: -1 });
      await this.activity.record({
        type: 'post.deleted',
        communityId: ctx.community.id,
        actorId: user.id,
        subject: { type: 'post', id: postId },
        data: { threadId: post.threadId, authorId: post.authorId, byModerator: post.authorId !== user.id },
      });
    });
  }

  /** Moderators hide or show a post; either way its open flags count as reviewed. */
  async setHidden(postId: string, user: UserEntity, hidden: boolean): Promise<PostResponse> {
    const { ctx } = await this.access.post(postId, user);
    requireModerator(ctx);
    const post = await this.db.transaction(async () => {
      const post = (await this.posts.lock(ctx.community.id, postId))!;
      await this.flags.resolveAll(ctx.community.id, postId, user.id);
      if ((post.hiddenAt !== null) === hidden) return post;
      return this.applyHidden(ctx.community.id, post, hidden ? 'moderator' : null, user.id);
    });
    return (await this.presenter.posts(ctx, [post]))[0];
  }

  async revisions(postId: string, user: UserEntity | undefined): Promise<Array<{ revision: number; bodyMarkdown: string; createdAt: string }>> {
    const { ctx, post } = await this.access.post(postId, user);
    if (post.deletedAt && !isModerator(ctx)) throw DomainError.notFound('post');
    return (await this.posts.revisions(ctx.community.id, postId)).map((r) => ({
      revision: r.revision,
      bodyMarkdown: r.bodyMarkdown,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /** Hides (reason given) or shows (null) a locked post; keeps the thread's visibility with its opening post. */
  async applyHidden(communityId: string, post: PostEntity, reason: HiddenReason | null, actorId: string | null): Promise<PostEntity> {
    const hiddenAt = reason ? new Date() : null;
    await this.posts.update(communityId, { id: post.id }, { hiddenAt, hiddenReason: reason });
    if (post.seq === 1) await this.threads.update(communityId, { id: post.threadId }, { hiddenAt });
    await this.activity.record({
      type: reason ? 'post.hidden' : 'post.unhidden',
      communityId,
      actorId,
      subject: { type: 'post', id: post.id },
      data: { threadId: post.threadId, authorId: post.authorId, reason },
    });
    return { ...post, hiddenAt, hiddenReason: reason };
  }

  private assertMayChange(ctx: Parameters<typeof isModerator>[0], post: PostEntity, user: UserEntity, what: string): void {
    if (post.deletedAt) throw new DomainError('conflict', 'POST_DELETED', 'This post was deleted');
    if (!ctx.membership) throw DomainError.forbidden('Join this community first');
    if (post.authorId === user.id) return;
    if (!isModerator(ctx)) throw DomainError.forbidden(`You can only ${what} your own posts`);
    requireModerator(ctx);
  }
}
