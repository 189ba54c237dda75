import { Injectable } from '@nestjs/common';
import { PostRepository } from './post.repository';
import { ReactionRepository } from './reaction.repository';
import { ThreadRepository } from './thread.repository';

export interface AuthoredExport {
  threads: Array<{ communityId: string; id: string; boardId: string; title: string; createdAt: string }>;
  posts: Array<{ communityId: string; id: string; threadId: string; seq: number; bodyMarkdown: string; createdAt: string; editedAt: string | null; deleted: boolean; hidden: boolean }>;
  reactions: Array<{ communityId: string; postId: string; emoji: string; createdAt: string }>;
}

/** What boards hold of a person: what they wrote and reacted (their export), and their posts' removal on erasure. */
@Injectable()
export class AuthorDataService {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly posts: PostRepository,
    private readonly reactions: ReactionRepository,
  ) {}

  async exportFor(userId: string): Promise<AuthoredExport> {
    const [threads, posts, reactions] = await Promise.all([this.threads.startedBy(userId), this.posts.writtenBy(userId), this.reactions.givenBy(userId)]);
    return {
      threads: threads.map((t) => ({ communityId: t.communityId, id: t.id, boardId: t.boardId, title: t.title, createdAt: t.createdAt.toISOString() })),
      posts: posts.map((p) => ({
        communityId: p.communityId,
        id: p.id,
        threadId: p.threadId,
        seq: p.seq,
        bodyMarkdown: p.bodyMarkdown,
        createdAt: p.createdAt.toISOString(),
        editedAt: p.editedAt?.toISOString() ?? null,
        deleted: p.deletedAt !== null,
        hidden: p.hiddenAt !== null,
      })),
      reactions: reactions.map((r) => ({ communityId: r.communityId, postId: r.postId, emoji: r.emoji, createdAt: r.createdAt.toISOString() })),
    };
  }

  /**
   * Removes every post a member wrote in the community (the community's policy for erased members),
   * inside the caller's transaction. Their threads stay for the replies of others, opening post removed.
   */
  async removeAllBy(communityId: string, userId: string): Promise<void> {
    await this.threads.recountReplies(communityId, await this.posts.deleteAllBy(communityId, userId));
  }
}
