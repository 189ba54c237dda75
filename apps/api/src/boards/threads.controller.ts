import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, OptionalJwtAuthGuard, SignedIn } from '../auth/auth.guards';
import type { UserEntity } from '../auth/user.entity';
import { idOf } from '../common/params';
import { CreatePostDto, CreateThreadDto, MarkReadDto, PostPageQueryDto, PreviewDto, PreviewResponse, PostPageResponse, PostResponse, ThreadDetailResponse, ThreadPageResponse, ThreadResponse } from './dto/thread.dto';
import { PageQueryDto } from '../common/page-query.dto';
import { renderMarkdown } from './markdown';
import { PostsService } from './posts.service';
import { ThreadsService } from './threads.service';
import { ApiErrors } from '../common/error-response.dto';
import { RateLimit } from '../rate-limits/rate-limit.guard';

@ApiTags('threads')
@ApiErrors()
@Controller()
export class ThreadsController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly posts: PostsService,
  ) {}

  @Get('boards/:boardId/threads')
  @UseGuards(OptionalJwtAuthGuard)
  @ApiOperation({ summary: "A board's threads: pinned first, then newest (cursor)" })
  @ApiResponse({ status: 200, type: ThreadPageResponse })
  list(@Param('boardId', idOf('board')) boardId: string, @CurrentUser() user: UserEntity | undefined, @Query() query: PageQueryDto): Promise<ThreadPageResponse> {
    return this.threads.list(boardId, user, query);
  }

  @Post('boards/:boardId/threads')
  @RateLimit('posting')
  @SignedIn()
  @ApiOperation({ summary: 'Start a thread (members; staff only on read-only boards)' })
  @ApiResponse({ status: 201, type: ThreadDetailResponse })
  create(@Param('boardId', idOf('board')) boardId: string, @CurrentUser() user: UserEntity, @Body() body: CreateThreadDto): Promise<ThreadDetailResponse> {
    return this.threads.create(boardId, user, body);
  }

  @Get('threads/:threadId')
  @UseGuards(OptionalJwtAuthGuard)
  @ApiOperation({ summary: 'A thread with its first page of posts' })
  @ApiResponse({ status: 200, type: ThreadDetailResponse })
  get(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity | undefined, @Query() query: PageQueryDto): Promise<ThreadDetailResponse> {
    return this.threads.get(threadId, user, query);
  }

  @Get('threads/:threadId/posts')
  @UseGuards(OptionalJwtAuthGuard)
  @ApiOperation({ summary: "A thread's posts in order (cursor, or afterSeq to catch up after a reconnect)" })
  @ApiResponse({ status: 200, type: PostPageResponse })
  postPage(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity | undefined, @Query() query: PostPageQueryDto): Promise<PostPageResponse> {
    return this.threads.postPage(threadId, user, query);
  }

  @Post('threads/:threadId/posts')
  @RateLimit('posting')
  @SignedIn()
  @ApiOperation({ summary: 'Reply (members; not in a locked thread)' })
  @ApiResponse({ status: 201, type: PostResponse })
  reply(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity, @Body() body: CreatePostDto): Promise<PostResponse> {
    return this.posts.reply(threadId, user, body);
  }

  @Put('threads/:threadId/read')
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({ summary: 'Record how far I have read this thread (unread markers)' })
  @ApiResponse({ status: 204 })
  markRead(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity, @Body() body: MarkReadDto): Promise<void> {
    return this.threads.markRead(threadId, user, body.seq);
  }

  @Post('preview')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Render Markdown exactly as a post would show it (composer preview)' })
  @ApiResponse({ status: 200, type: PreviewResponse })
  preview(@Body() body: PreviewDto): PreviewResponse {
    return { html: renderMarkdown(body.body).html };
  }

  @Post('threads/:threadId/lock')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Lock a thread (moderators)' })
  @ApiResponse({ status: 200, type: ThreadResponse })
  lock(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity): Promise<ThreadResponse> {
    return this.threads.setFlag(threadId, user, 'lock', true);
  }

  @Delete('threads/:threadId/lock')
  @SignedIn()
  @ApiOperation({ summary: 'Unlock a thread (moderators)' })
  @ApiResponse({ status: 200, type: ThreadResponse })
  unlock(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity): Promise<ThreadResponse> {
    return this.threads.setFlag(threadId, user, 'lock', false);
  }

  @Post('threads/:threadId/pin')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Pin a thread to the top of its board (moderators)' })
  @ApiResponse({ status: 200, type: ThreadResponse })
  pin(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity): Promise<ThreadResponse> {
    return this.threads.setFlag(threadId, user, 'pin', true);
  }

  @Delete('threads/:threadId/pin')
  @SignedIn()
  @ApiOperation({ summary: 'Unpin a thread (moderators)' })
  @ApiResponse({ status: 200, type: ThreadResponse })
  unpin(@Param('threadId', idOf('thread')) threadId: string, @CurrentUser() user: UserEntity): Promise<ThreadResponse> {
    return this.threads.setFlag(threadId, user, 'pin', false);
  }
}
