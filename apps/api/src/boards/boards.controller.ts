import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '@kizuna/contracts';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import type { BoardEntity } from './board.entity';
import { BoardsService } from './boards.service';
import { BoardResponse, CreateBoardDto } from './dto/board.dto';

const toBoardResponse = (board: BoardEntity): BoardResponse => ({
  id: board.id,
  communityId: board.communityId,
  name: board.name,
  description: board.description,
  position: board.position,
  createdAt: board.createdAt.toISOString(),
});

@ApiTags('boards')
@Controller('communities/:slug/boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get()
  @CommunityRoute()
  @ApiOperation({ summary: "The community's boards, in order" })
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
}
