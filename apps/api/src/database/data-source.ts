import { DataSource } from 'typeorm';
import { ActivityEntity } from '../activity/activity.entity';
import { MemberDayEntity } from '../analytics/member-day.entity';
import { ThreadResponseEntity } from '../analytics/thread-response.entity';
import { MemberTierEntity } from '../analytics/member-tier.entity';
import { AnalyticsSettingsEntity } from '../analytics/analytics-settings.entity';
import { OutboxEntity } from '../activity/outbox.entity';
import { EmailTokenEntity } from '../auth/email-token.entity';
import { RefreshTokenEntity } from '../auth/refresh-token.entity';
import { SessionEntity } from '../auth/session.entity';
import { RecoveryCodeEntity } from '../auth/recovery-code.entity';
import { LoginChallengeEntity } from '../auth/login-challenge.entity';
import { LoginAttemptEntity } from '../auth/login-attempt.entity';
import { UserEntity } from '../auth/user.entity';
import { BoardEntity } from '../boards/board.entity';
import { FlagEntity } from '../boards/flag.entity';
import { PostRevisionEntity } from '../boards/post-revision.entity';
import { PostEntity } from '../boards/post.entity';
import { ReactionEntity } from '../boards/reaction.entity';
import { ThreadReadEntity } from '../boards/thread-read.entity';
import { ThreadEntity } from '../boards/thread.entity';
import { CommunityEntity } from '../communities/community.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { BadgeAwardEntity } from '../recognition/badge-award.entity';
import { BadgeEntity } from '../recognition/badge.entity';
import { MemberPointsEntity } from '../recognition/member-points.entity';
import { PointsEntryEntity } from '../recognition/points.entity';
import { ShownTitleEntity } from '../recognition/shown-title.entity';
import { BadgeBackfillEntity } from '../recognition/badge-backfill.entity';
import { PerkCodeEntity } from '../recognition/perk-code.entity';
import { PerkRedemptionEntity } from '../recognition/perk-redemption.entity';
import { PerkEntity } from '../recognition/perk.entity';
import { RecognitionSettingsEntity } from '../recognition/recognition-settings.entity';
import { ConsentEventEntity } from '../crm/consent-event.entity';
import { ContactEntity } from '../crm/contact.entity';
import { CrmImportEntity } from '../crm/crm-import.entity';
import { ImportMappingEntity } from '../crm/import-mapping.entity';
import { LinkConflictEntity } from '../crm/link-conflict.entity';
import { OrderEntity } from '../crm/order.entity';
import { SegmentEntity } from '../crm/segment.entity';
import { SegmentMemberEntity } from '../crm/segment-member.entity';
import { MembershipEntity } from '../communities/membership.entity';
import { WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export const entities = [
  UserEntity,
  RefreshTokenEntity,
  SessionEntity,
  RecoveryCodeEntity,
  LoginChallengeEntity,
  LoginAttemptEntity,
  EmailTokenEntity,
  CommunityEntity,
  MembershipEntity,
  BoardEntity,
  ThreadEntity,
  ThreadReadEntity,
  PostEntity,
  PostRevisionEntity,
  ReactionEntity,
  FlagEntity,
  ActivityEntity,
  OutboxEntity,
  NotificationEntity,
  BadgeEntity,
  BadgeAwardEntity,
  PointsEntryEntity,
  MemberPointsEntity,
  ShownTitleEntity,
  RecognitionSettingsEntity,
  BadgeBackfillEntity,
  PerkEntity,
  PerkCodeEntity,
  PerkRedemptionEntity,
  ContactEntity,
  OrderEntity,
  ConsentEventEntity,
  CrmImportEntity,
  ImportMappingEntity,
  LinkConflictEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  SegmentEntity,
  SegmentMemberEntity,
  MemberDayEntity,
  ThreadResponseEntity,
  MemberTierEntity,
  AnalyticsSettingsEntity,
];

/** The TypeORM data source: migrations only, never `synchronize`. */
export function createDataSource(url: string, poolSize: number, options: { connectTimeoutMs?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    poolSize,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // With `connectTimeoutMs`, a server that is down or unreachable fails a request within that time
    // (answered 503) instead of leaving it hanging; node-postgres applies it to waiting for a free
    // pooled connection too, so the embedded single-connection engine does without. Broken
    // connections leave the pool, and new ones are made once the server is back.
    extra: { application_name: 'kizuna-api', keepAlive: true, ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}) },
  });
}
