import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_TYPES, type NotificationType } from '@kizuna/contracts';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID } from 'class-validator';

export class MarkNotificationsReadDto {
  @ApiProperty({ required: false, type: [String], description: 'Notifications to mark read; all of mine when omitted' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'ids must contain notification ids' })
  ids?: string[];
}

export class LocalizedNameResponse {
  @ApiProperty() ja!: string;
  @ApiProperty() en!: string;
}

export class NotificationActorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class NotificationBadgeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() icon!: string;
  @ApiProperty({ type: LocalizedNameResponse }) name!: LocalizedNameResponse;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: NotificationType;
  @ApiProperty({ description: 'Community slug' }) communitySlug!: string;
  @ApiProperty({ type: NotificationActorResponse, nullable: true, description: 'The latest person behind it' }) actor!: NotificationActorResponse | null;
  @ApiProperty({ description: 'Others bundled with the actor (reactions)' }) othersCount!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) threadId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) postId!: string | null;
  @ApiProperty() threadTitle!: string;
  @ApiProperty({ nullable: true, type: String }) emoji!: string | null;
  @ApiProperty({ type: NotificationBadgeResponse, nullable: true, description: 'For badge notifications' }) badge!: NotificationBadgeResponse | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Position of the post in its thread (for links)' }) postSeq!: number | null;
  @ApiProperty({ nullable: true, enum: ['thread', 'post'], description: 'For replies: whether it answered my thread or my post' }) replyTo!: 'thread' | 'post' | null;
  @ApiProperty() read!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse] }) items!: NotificationResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty() unreadCount!: number;
}

export class UnreadCountResponse {
  @ApiProperty() unreadCount!: number;
}
