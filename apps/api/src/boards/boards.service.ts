import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { PerksService } from '../recognition/perks.service';
import { isModerator } from './board-access.service';
import type { BoardEntity } from './board.entity';
import { BoardRepository } from './board.repository';
import type { CreateBoardDto, ReorderBoardsDto, UpdateBoardDto } from './dto/board.dto';

@Injectable()
export class BoardsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly boards: BoardRepository,
    private readonly activity: ActivityService,
    private readonly perks: PerksService,
  ) {}

  /** In order; archived boards only for moderators and staff; members-only boards only to those who unlocked them. */
  async list(ctx: CommunityContext): Promise<Array<BoardEntity & { membersOnly: boolean }>> {
    const [boards, hidden, membersOnly] = await Promise.all([
      this.boards.listOrdered(ctx.community.id, isModerator(ctx)),
      this.perks.hiddenBoardIds(ctx),
      this.perks.membersOnlyBoardIds(ctx.community.id),
    ]);
    return boards.filter((b) => !hidden.has(b.id)).map((b) => ({ ...b, membersOnly: membersOnly.has(b.id) }));
  }

  /** New boards go last. */
  create(ctx: CommunityContext, input: CreateBoardDto): Promise<BoardEntity> {
    const communityId = ctx.community.id;
    return this.db.transaction(async () => {
      const board = await this.boards.insert(communityId, {
        name: input.name,
        description: input.description ?? '',
        readOnly: input.readOnly ?? false,
        position: await this.boards.nextPosition(communityId),
      });
      await this.activity.record({ type: 'board.created', communityId, actorId: ctx.user!.id, subject: { type: 'board', id: board.id } });
      return board;
    });
  }

  update(ctx: CommunityContext, boardId: string, input: UpdateBoardDto): Promise<BoardEntity> {
    const communityId = ctx.community.id;
    return this.db.transaction(async () => {
      const board = await this.boards.lock(communityId, boardId);
      if (!board) throw DomainError.notFound('board');
      const changes: Partial<BoardEntity> = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.readOnly !== undefined ? { readOnly: input.readOnly } : {}),
        ...(input.archived !== undefined && input.archived !== (board.archivedAt !== null) ? { archivedAt: input.archived ? new Date() : null } : {}),
      };
      if (Object.keys(changes).length === 0) return board;
      await this.boards.update(communityId, { id: boardId }, changes);
      await this.activity.record({
        type: 'board.updated',
        communityId,
        actorId: ctx.user!.id,
        subject: { type: 'board', id: boardId },
        data: { changes: Object.keys(changes) },
      });
      return { ...board, ...changes };
    });
  }

  /** Sets the order of all boards; the list must name each board of the community once. */
  reorder(ctx: CommunityContext, input: ReorderBoardsDto): Promise<BoardEntity[]> {
    const communityId = ctx.community.id;
    return this.db.transaction(async () => {
      const boards = await this.boards.listOrdered(communityId, true);
      const known = new Set(boards.map((b) => b.id));
      if (input.boardIds.length !== boards.length || input.boardIds.some((id) => !known.has(id))) {
        throw new DomainError('bad-request', 'INVALID_ORDER', 'boardIds must list every board of the community exactly once', 'boardIds');
      }
      for (const [position, id] of input.boardIds.entries()) await this.boards.update(communityId, { id }, { position });
      await this.activity.record({ type: 'board.updated', communityId, actorId: ctx.user!.id, subject: { type: 'community', id: communityId }, data: { changes: ['position'] } });
      return this.boards.listOrdered(communityId, true);
    });
  }
}
