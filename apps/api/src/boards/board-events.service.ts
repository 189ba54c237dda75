import { Injectable } from '@nestjs/common';
import type { PostCreatedEvent, PostUpdatedEvent, ThreadCreatedEvent } from '@kizuna/contracts';
import { PostPresenter } from './post-presenter.service';
import { PostRepository } from './post.repository';
import { ThreadRepository } from './thread.repository';

/**
 * What other modules (realtime, notifications) may know of boards content: public views of
 * threads and posts as anyone may see them — hidden or deleted content has no body.
 */
@Injectable()
export class BoardEventsService {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly posts: PostRepository,
    private readonly presenter: PostPresenter,
  ) {}

  async thread(communityId: string, threadId: string): Promise<(ThreadCreatedEvent & { hidden: boolean; authorId: string | null }) | null> {
    const thread = await this.threads.findOneBy(communityId, { id: threadId });
    if (!thread) return null;
    const authors = await this.presenter.authors(communityId, [thread.authorId]);
    return {
      threadId: thread.id,
      boardId: thread.boardId,
      title: thread.title,
      author: thread.authorId ? (authors.get(thread.authorId) ?? null) : null,
      createdAt: thread.createdAt.toISOString(),
      hidden: thread.hiddenAt !== null,
      authorId: thread.authorId,
    };
  }

  async post(
    communityId: string,
    postId: string,
  ): Promise<(Omit<PostCreatedEvent, 'bodyHtml'> & PostUpdatedEvent & { authorId: string | null; reactionCounts: Record<string, number> }) | null> {
    const post = await this.posts.findOneBy(communityId, { id: postId });
    if (!post) return null;
    const authors = await this.presenter.authors(communityId, [post.authorId]);
    const visible = !post.deletedAt && !post.hiddenAt;
    return {
      threadId: post.threadId,
      postId: post.id,
      seq: post.seq,
      author: post.authorId ? (authors.get(post.authorId) ?? null) : null,
      authorId: post.authorId,
      bodyHtml: visible ? post.bodyHtml : null,
      replyToPostId: post.replyToPostId,
      createdAt: post.createdAt.toISOString(),
      deleted: post.deletedAt !== null,
      hidden: post.hiddenAt !== null,
      revision: post.revision,
      reactionCounts: post.reactionCounts,
    };
  }
}
