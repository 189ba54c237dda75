import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { UserEntity } from '../auth/user.entity';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';
import { BoardAccessService, refuseSuspended } from './board-access.service';
import type { PostResponse } from './dto/thread.dto';
import { PostPresenter } from './post-presenter.service';
import { PostRepository } from './post.repository';
import { ReactionRepository } from './reaction.repository';
import { ThreadRepository } from './thread.repository';

@Injectable()
export class ReactionsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly access: BoardAccessService,
    private readonly reactions: ReactionRepository,
    private readonly posts: PostRepository,
    private readonly threads: ThreadRepository,
    private readonly presenter: PostPresenter,
    private readonly activity: ActivityService,
  ) {}

  /** Idempotent: reacting twice with the same emoji counts once; removing a missing reaction is a no-op. */
  async set(postId: string, user: UserEntity, emoji: string, on: boolean): Promise<PostResponse> {
    const { ctx, post } = await this.access.post(postId, user);
    if (!ctx.membership) throw DomainError.forbidden('Join this community to react');
    refuseSuspended(ctx.membership);
    if (!ctx.community.reactionEmojis.includes(emoji)) {
      throw new DomainError('bad-request', 'UNKNOWN_REACTION', `emoji must be one of: ${ctx.community.reactionEmojis.join(' ')}`, 'emoji');
    }
    if (post.deletedAt) throw new DomainError('conflict', 'POST_DELETED', 'This post was deleted');
    if (on && post.authorId === user.id) throw DomainError.forbidden('You cannot react to your own post');
    const updated = await this.db.transaction(async () => {
      const locked = (await this.posts.lock(ctx.community.id, postId))!;
      const changed = on
        ? await this.reactions.add(ctx.community.id, postId, user.id, emoji)
        : await this.reactions.remove(ctx.community.id, postId, user.id, emoji);
      if (!changed) return locked;
      const delta = on ? 1 : -1;
      const reactionCounts = await this.posts.countReaction(ctx.community.id, postId, emoji, delta);
      await this.threads.countReaction(ctx.community.id, locked.threadId, delta);
      await this.activity.record({
        type: on ? 'reaction.added' : 'reaction.removed',
        communityId: ctx.community.id,
        actorId: user.id,
        subject: { type: 'post', id: postId },
        data: { threadId: locked.threadId, emoji, receiverId: locked.authorId },
      });
      return { ...locked, reactionCounts };
    });
    return (await this.presenter.posts(ctx, [updated]))[0];
  }
}
