import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import type { BoardEntity } from './board.entity';
import { BoardRepository } from './board.repository';
import type { CreateBoardDto } from './dto/board.dto';

@Injectable()
export class BoardsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly boards: BoardRepository,
    private readonly activity: ActivityService,
  ) {}

  list(ctx: CommunityContext): Promise<BoardEntity[]> {
    return this.boards.listOrdered(ctx.community.id);
  }

  /** New boards go last. */
  create(ctx: CommunityContext, input: CreateBoardDto): Promise<BoardEntity> {
    const communityId = ctx.community.id;
    return this.db.transaction(async () => {
      const board = await this.boards.insert(communityId, {
        name: input.name,
        description: input.description ?? '',
        position: await this.boards.nextPosition(communityId),
      });
      await this.activity.record({ type: 'board.created', communityId, actorId: ctx.user!.id, subject: { type: 'board', id: board.id } });
      return board;
    });
  }
}
