import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, SignedIn } from '../auth/auth.guards';
import type { UserEntity } from '../auth/user.entity';
import { ApiErrors } from '../common/error-response.dto';
import { PageQueryDto } from '../common/page-query.dto';
import { MarkNotificationsReadDto, NotificationPageResponse, UnreadCountResponse } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('me')
@ApiErrors()
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'My notifications, newest first (cursor), with the unread count' })
  @ApiResponse({ status: 200, type: NotificationPageResponse })
  list(@CurrentUser() user: UserEntity, @Query() query: PageQueryDto): Promise<NotificationPageResponse> {
    return this.notifications.list(user, query);
  }

  @Post('read')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Mark some (ids) or all of my notifications read' })
  @ApiResponse({ status: 200, type: UnreadCountResponse })
  markRead(@CurrentUser() user: UserEntity, @Body() body: MarkNotificationsReadDto): Promise<UnreadCountResponse> {
    return this.notifications.markRead(user, body.ids);
  }
}
