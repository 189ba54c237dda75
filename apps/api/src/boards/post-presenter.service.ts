import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { CommunityContext } from '../communities/community-access';
import { TitlesService } from '../recognition/titles.service';
import { isModerator } from './board-access.service';
import type { AuthorResponse, PostResponse, ThreadResponse } from './dto/thread.dto';
import type { PostEntity } from './post.entity';
import { ReactionRepository } from './reaction.repository';
import type { ThreadEntity } from './thread.entity';
import { ThreadRepository } from './thread.repository';

/**
 * Turns posts and threads into responses for one viewer: author names, the community's reactions
 * with counts and "did I react", and what the viewer may see — a deleted post is a placeholder for
 * everyone; hidden content reads only for moderators and its author.
 */
@Injectable()
export class PostPresenter {
  constructor(
    private readonly auth: AuthService,
    private readonly reactions: ReactionRepository,
    private readonly threadRepository: ThreadRepository,
    private readonly titles: TitlesService,
  ) {}

  /**
   * Authors' names with the title each shows in the community. An author who erased their account
   * is left out: their posts carry no author (`null`, shown as 退会したメンバー / deleted member).
   */
  async authors(communityId: string, ids: Array<string | null>): Promise<Map<string, AuthorResponse>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    if (unique.length === 0) return new Map();
    const [accounts, titles] = await Promise.all([this.auth.accountNames(unique), this.titles.shownBy(communityId, unique)]);
    return new Map(accounts.filter((a) => !a.erasedAt).map((a) => [a.id, { id: a.id, displayName: a.displayName, title: titles.get(a.id) ?? null }]));
  }

  async posts(ctx: CommunityContext, posts: PostEntity[]): Promise<PostResponse[]> {
    const [authors, mine] = await Promise.all([this.authors(ctx.community.id, posts.map((p) => p.authorId)), this.reactedBy(ctx, posts)]);
    return this.presentPosts(ctx, posts, authors, mine);
  }

  /** A thread with a page of its posts: authors, reactions and read position fetched once, together. */
  async threadWithPosts(ctx: CommunityContext, thread: ThreadEntity, posts: PostEntity[]): Promise<{ thread: ThreadResponse; posts: PostResponse[] }> {
    const [authors, mine, reads] = await Promise.all([
      this.authors(ctx.community.id, [thread.authorId, ...posts.map((p) => p.authorId)]),
      this.reactedBy(ctx, posts),
      this.readPositions(ctx, [thread]),
    ]);
    return {
      thread: toThreadResponse(thread, thread.authorId ? (authors.get(thread.authorId) ?? null) : null, reads.get(thread.id) ?? null),
      posts: this.presentPosts(ctx, posts, authors, mine),
    };
  }

  /** The viewer's reactions, looked up only on posts that have any (a new post never needs the query). */
  private reactedBy(ctx: CommunityContext, posts: PostEntity[]): Promise<Map<string, Set<string>>> {
    const reacted = posts.filter((p) => Object.values(p.reactionCounts).some((n) => n > 0)).map((p) => p.id);
    return ctx.user && reacted.length > 0 ? this.reactions.mine(ctx.community.id, ctx.user.id, reacted) : Promise.resolve(new Map());
  }

  private readPositions(ctx: CommunityContext, threads: ThreadEntity[]): Promise<Map<string, number>> {
    return ctx.user && threads.length > 0 ? this.threadRepository.readPositions(ctx.community.id, ctx.user.id, threads.map((t) => t.id)) : Promise.resolve(new Map());
  }

  private presentPosts(ctx: CommunityContext, posts: PostEntity[], authors: Map<string, AuthorResponse>, mine: Map<string, Set<string>>): PostResponse[] {
    const moderator = isModerator(ctx);
    return posts.map((post) => {
      const own = ctx.user !== undefined && post.authorId === ctx.user.id;
      const readable = !post.deletedAt && (!post.hiddenAt || moderator || own);
      const reacted = mine.get(post.id) ?? new Set<string>();
      return {
        id: post.id,
        threadId: post.threadId,
        seq: post.seq,
        author: post.authorId ? (authors.get(post.authorId) ?? null) : null,
        replyToPostId: post.replyToPostId,
        bodyHtml: readable ? post.bodyHtml : null,
        bodyMarkdown: readable ? post.bodyMarkdown : null,
        reactions: ctx.community.reactionEmojis
          .map((emoji) => ({ emoji, count: post.reactionCounts[emoji] ?? 0, reacted: reacted.has(emoji) }))
          .filter((r) => r.count > 0 || ctx.membership !== null),
        revision: post.revision,
        editedAt: post.editedAt?.toISOString() ?? null,
        deleted: post.deletedAt !== null,
        hidden: post.hiddenAt !== null,
        hiddenReason: moderator || own ? post.hiddenReason : null,
        flagCount: moderator ? post.flagCount : 0,
        canEdit: !post.deletedAt && ctx.membership !== null && (own || moderator),
        createdAt: post.createdAt.toISOString(),
      };
    });
  }

  async threads(ctx: CommunityContext, threads: ThreadEntity[]): Promise<ThreadResponse[]> {
    const [authors, reads] = await Promise.all([this.authors(ctx.community.id, threads.map((t) => t.authorId)), this.readPositions(ctx, threads)]);
    return threads.map((thread) => toThreadResponse(thread, thread.authorId ? (authors.get(thread.authorId) ?? null) : null, reads.get(thread.id) ?? null));
  }
}

export function toThreadResponse(thread: ThreadEntity, author: AuthorResponse | null, lastReadSeq: number | null = null): ThreadResponse {
  return {
    id: thread.id,
    boardId: thread.boardId,
    title: thread.title,
    author,
    pinned: thread.pinnedAt !== null,
    locked: thread.lockedAt !== null,
    hidden: thread.hiddenAt !== null,
    replyCount: thread.replyCount,
    reactionCount: thread.reactionCount,
    lastPostAt: thread.lastPostAt.toISOString(),
    lastSeq: thread.lastSeq,
    lastReadSeq,
    createdAt: thread.createdAt.toISOString(),
  };
}
