import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '@kizuna/contracts';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import type { BoardEntity } from './board.entity';
import { BoardsService } from './boards.service';
import { BoardResponse, CreateBoardDto, ReorderBoardsDto, UpdateBoardDto } from './dto/board.dto';
import { ApiErrors } from '../common/error-response.dto';

const toBoardResponse = (board: BoardEntity & { membersOnly?: boolean }): BoardResponse => ({
  id: board.id,
  communityId: board.communityId,
  name: board.name,
  description: board.description,
  position: board.position,
  readOnly: board.readOnly,
  archived: board.archivedAt !== null,
  membersOnly: board.membersOnly ?? false,
  threadCount: board.threadCount,
  postCount: board.postCount,
  lastActivityAt: board.lastActivityAt?.toISOString() ?? null,
  createdAt: board.createdAt.toISOString(),
});

@ApiTags('boards')
@ApiErrors()
@Controller('communities/:slug/boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get()
  @CommunityRoute()
  @ApiOperation({ summary: "The community's boards, in order (archived ones for moderators and staff only)" })
  @ApiResponse({ status: 200, type: [BoardResponse] })
  async list(@Community() ctx: CommunityContext): Promise<BoardResponse[]> {
    return (await this.boards.list(ctx)).map(toBoardResponse);
  }

  @Post()
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Create a board (owner or manager)' })
  @ApiResponse({ status: 201, type: BoardResponse })
  async create(@Community() ctx: CommunityContext, @Body() body: CreateBoardDto): Promise<BoardResponse> {
    return toBoardResponse(await this.boards.create(ctx, body));
  }

  @Put('order')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Reorder the boards (owner or manager)' })
  @ApiResponse({ status: 200, type: [BoardResponse] })
  async reorder(@Community() ctx: CommunityContext, @Body() body: ReorderBoardsDto): Promise<BoardResponse[]> {
    return (await this.boards.reorder(ctx, body)).map(toBoardResponse);
  }

  @Patch(':boardId')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Rename, describe, make read-only, archive or restore a board (owner or manager)' })
  @ApiResponse({ status: 200, type: BoardResponse })
  async update(@Community() ctx: CommunityContext, @Param('boardId', idOf('board')) boardId: string, @Body() body: UpdateBoardDto): Promise<BoardResponse> {
    return toBoardResponse(await this.boards.update(ctx, boardId, body));
  }
}
