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

export class NotificationActorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
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
  @ApiProperty({ nullable: true, type: Object, description: 'For badge notifications: {id, icon, name: {ja, en}}' }) badge!: { id: string; icon: string; name: { ja: string; en: string } } | null;
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
