import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, OptionalJwtAuthGuard, SignedIn } from '../auth/auth.guards';
import type { UserEntity } from '../auth/user.entity';
import { idOf } from '../common/params';
import { FlagDto, PostResponse, UpdatePostDto } from './dto/thread.dto';
import { ModerationService } from './moderation.service';
import { PostsService } from './posts.service';
import { ReactionsService } from './reactions.service';
import { ApiErrors } from '../common/error-response.dto';
import { RateLimit } from '../rate-limits/rate-limit.guard';

class RevisionResponse {
  @ApiProperty() revision!: number;
  @ApiProperty() bodyMarkdown!: string;
  @ApiProperty() createdAt!: string;
}

class FlagResultResponse {
  @ApiProperty({ description: 'Whether the post is now hidden for review' }) hidden!: boolean;
}

@ApiTags('posts')
@ApiErrors()
@Controller('posts/:postId')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly reactions: ReactionsService,
    private readonly moderation: ModerationService,
  ) {}

  @Patch()
  @RateLimit('posting')
  @SignedIn()
  @ApiOperation({ summary: 'Edit a post (author or moderator); the previous text is kept as a revision' })
  @ApiResponse({ status: 200, type: PostResponse })
  edit(@Param('postId', idOf('post')) postId: string, @CurrentUser() user: UserEntity, @Body() body: UpdatePostDto): Promise<PostResponse> {
    return this.posts.edit(postId, user, body);
  }

  @Delete()
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a post (author or moderator); a placeholder remains' })
  @ApiResponse({ status: 204 })
  remove(@Param('postId', idOf('post')) postId: string, @CurrentUser() user: UserEntity): Promise<void> {
    return this.posts.remove(postId, user);
  }

  @Get('revisions')
  @UseGuards(OptionalJwtAuthGuard)
  @ApiOperation({ summary: 'Earlier versions of a post' })
  @ApiResponse({ status: 200, type: [RevisionResponse] })
  revisions(@Param('postId', idOf('post')) postId: string, @CurrentUser() user: UserEntity | undefined): Promise<RevisionResponse[]> {
    return this.posts.revisions(postId, user);
  }

  @Put('reactions/:emoji')
  @RateLimit('reactions')
  @SignedIn()
  @ApiOperation({ summary: "React with one of the community's emoji (idempotent)" })
  @ApiResponse({ status: 200, type: PostResponse })
  react(@Param('postId', idOf('post')) postId: string, @Param('emoji') emoji: string, @CurrentUser() user: UserEntity): Promise<PostResponse> {
    return this.reactions.set(postId, user, emoji, true);
  }

  @Delete('reactions/:emoji')
  @RateLimit('reactions')
  @SignedIn()
  @ApiOperation({ summary: 'Take a reaction back (idempotent)' })
  @ApiResponse({ status: 200, type: PostResponse })
  unreact(@Param('postId', idOf('post')) postId: string, @Param('emoji') emoji: string, @CurrentUser() user: UserEntity): Promise<PostResponse> {
    return this.reactions.set(postId, user, emoji, false);
  }

  @Post('flags')
  @RateLimit('flags')
  @SignedIn()
  @ApiOperation({ summary: 'Report a post to the moderators (once per member)' })
  @ApiResponse({ status: 201, type: FlagResultResponse })
  flag(@Param('postId', idOf('post')) postId: string, @CurrentUser() user: UserEntity, @Body() body: FlagDto): Promise<FlagResultResponse> {
    return this.moderation.flag(postId, user, body);
  }

  @Delete('flags')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: "Dismiss a post's open reports without hiding it (moderators)" })
  @ApiResponse({ status: 204 })
  dismissFlags(@Param('postId', idOf('post')) postId: string, @CurrentUser() user: UserEntity): Promise<void> {
    return this.moderation.dismiss(postId, user);
  }

  @Post('hide')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide a post (moderators); only moderators and its author still see it' })
  @ApiResponse({ status: 200, type: PostResponse })
  hide(@Param('postId', idOf('post')) postId: string, @CurrentUser() user: UserEntity): Promise<PostResponse> {
    return this.posts.setHidden(postId, user, true);
  }

  @Delete('hide')
  @SignedIn()
  @ApiOperation({ summary: 'Show a hidden post again (moderators)' })
  @ApiResponse({ status: 200, type: PostResponse })
  unhide(@Param('postId', idOf('post')) postId: string, @CurrentUser() user: UserEntity): Promise<PostResponse> {
    return this.posts.setHidden(postId, user, false);
  }
}
