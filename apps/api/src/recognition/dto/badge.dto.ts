import { ApiProperty } from '@nestjs/swagger';
import type { BadgeRule } from '@kizuna/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { BACKFILL_STATUSES, type BackfillStatus } from '../badge-backfill.entity';
import { OneLine, Trim } from '../../common/text';
import { BADGE_TIERS, type BadgeTier } from '../badge.entity';

export class LocalizedName {
  @ApiProperty({ example: '初投稿' }) @OneLine('ja', 1, 60) ja!: string;
  @ApiProperty({ example: 'First post' }) @OneLine('en', 1, 60) en!: string;
}

export class LocalizedText {
  @ApiProperty() @Trim() @IsString() @MaxLength(500) ja!: string;
  @ApiProperty() @Trim() @IsString() @MaxLength(500) en!: string;
}

const ICON = /^(?:\p{Extended_Pictographic}[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]*|https:\/\/[^\s"'<>]{1,400})$/u;

export class CreateBadgeDto {
  @ApiProperty({ example: 'first-post', description: 'Stable key: 2–40 lowercase letters, digits, hyphens' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/, { message: 'key must be 2–40 lowercase letters, digits or hyphens' })
  key!: string;

  @ApiProperty({ type: LocalizedName }) @ValidateNested() @Type(() => LocalizedName) @IsObject() name!: LocalizedName;

  @ApiProperty({ type: LocalizedText, required: false }) @IsOptional() @ValidateNested() @Type(() => LocalizedText) description?: LocalizedText;

  @ApiProperty({ example: '🎉', description: 'An emoji or an https image URL' })
  @IsString()
  @Matches(ICON, { message: 'icon must be an emoji or an https image URL' })
  icon!: string;

  @ApiProperty({ enum: BADGE_TIERS }) @IsIn(BADGE_TIERS, { message: `tier must be one of: ${BADGE_TIERS.join(', ')}` }) tier!: BadgeTier;

  @ApiProperty({ required: false, example: '投稿' }) @IsOptional() @OneLine('grouping', 0, 40) grouping?: string;

  @ApiProperty({ required: false, type: Object, description: 'A badge rule (see BadgeRule in libs/contracts); omit for manual-only badges' })
  @IsOptional()
  @IsObject({ message: 'rule must be an object' })
  rule?: BadgeRule;

  @ApiProperty({ required: false, description: 'May be granted more than once (false when omitted)' }) @IsOptional() @IsBoolean() multiple?: boolean;

  @ApiProperty({ required: false, description: 'Shown only to holders until earned (false when omitted)' }) @IsOptional() @IsBoolean() hiddenUntilEarned?: boolean;

  @ApiProperty({ type: LocalizedName, required: false, description: 'The title (称号) holders may show' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedName)
  grantsTitle?: LocalizedName;

  @ApiProperty({ required: false, nullable: true, type: String, example: '2026-12-31T23:59:59+09:00', description: 'The title is held until then (seasonal titles)' })
  @IsOptional()
  @IsDateString({}, { message: 'titleExpiresAt must be a date and time (ISO 8601)' })
  titleExpiresAt?: string;
}

export class UpdateBadgeDto {
  @ApiProperty({ type: LocalizedName, required: false }) @IsOptional() @ValidateNested() @Type(() => LocalizedName) name?: LocalizedName;
  @ApiProperty({ type: LocalizedText, required: false }) @IsOptional() @ValidateNested() @Type(() => LocalizedText) description?: LocalizedText;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @Matches(ICON, { message: 'icon must be an emoji or an https image URL' }) icon?: string;
  @ApiProperty({ enum: BADGE_TIERS, required: false }) @IsOptional() @IsIn(BADGE_TIERS, { message: `tier must be one of: ${BADGE_TIERS.join(', ')}` }) tier?: BadgeTier;
  @ApiProperty({ required: false }) @IsOptional() @OneLine('grouping', 0, 40) grouping?: string;
  @ApiProperty({ required: false, type: Object, nullable: true, description: 'A new rule (members who now qualify are back-filled), or null for manual only' })
  @IsOptional()
  @IsObject({ message: 'rule must be an object or null' })
  rule?: BadgeRule | null;
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() hiddenUntilEarned?: boolean;
  @ApiProperty({ type: LocalizedName, required: false, nullable: true, description: 'null: grants no title any more' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @ValidateNested()
  @Type(() => LocalizedName)
  grantsTitle?: LocalizedName | null;
  @ApiProperty({ required: false, nullable: true, type: String, description: 'null: the title no longer expires' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsDateString({}, { message: 'titleExpiresAt must be a date and time (ISO 8601) or null' })
  titleExpiresAt?: string | null;
  @ApiProperty({ required: false, description: 'Archived badges are no longer listed or awarded; holders keep them in history' })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

export class AwardBadgeDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'userId must be a user id' }) userId!: string;
  @ApiProperty({ maxLength: 500, example: 'オフ会の運営を手伝ってくれました' }) @Trim() @IsString() @MaxLength(500) reason!: string;
}

export class RevokeBadgeQueryDto {
  @ApiProperty({ required: false, maxLength: 500 }) @IsOptional() @Trim() @IsString() @MaxLength(500) reason?: string;
}

export class PreviewBadgeDto {
  @ApiProperty({ type: Object, description: 'A badge rule to try' })
  @IsObject({ message: 'rule must be an object' })
  rule!: BadgeRule;
}

export class MemberNameResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
}

export class PreviewResponse {
  @ApiProperty({ description: 'Members who meet the rule now' }) qualifying!: number;
  @ApiProperty({ description: 'Members evaluated' }) evaluated!: number;
  @ApiProperty({ type: [MemberNameResponse], description: 'The first 20 of them' }) sample!: MemberNameResponse[];
}

export class BackfillResponse {
  @ApiProperty({ enum: BACKFILL_STATUSES }) status!: BackfillStatus;
  @ApiProperty({ description: 'Members to evaluate' }) total!: number;
  @ApiProperty({ description: 'Members evaluated so far' }) done!: number;
  @ApiProperty({ description: 'Awards made' }) awarded!: number;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export class BadgeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
  @ApiProperty({ type: LocalizedText }) description!: LocalizedText;
  @ApiProperty() icon!: string;
  @ApiProperty({ enum: BADGE_TIERS }) tier!: BadgeTier;
  @ApiProperty() grouping!: string;
  @ApiProperty({ type: Object, nullable: true }) rule!: BadgeRule | null;
  @ApiProperty() multiple!: boolean;
  @ApiProperty() hiddenUntilEarned!: boolean;
  @ApiProperty({ type: LocalizedName, nullable: true }) grantsTitle!: LocalizedName | null;
  @ApiProperty({ nullable: true, type: String }) titleExpiresAt!: string | null;
  @ApiProperty({ description: 'Members holding it' }) holders!: number;
  @ApiProperty({ description: 'Whether the caller holds it' }) held!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: "The caller's progress towards a rule badge not yet held, 0 to 1" }) progress!: number | null;
  @ApiProperty({ type: BackfillResponse, nullable: true, description: 'Staff only: the latest back-fill of the rule' }) backfill!: BackfillResponse | null;
}

export class AwardResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) badgeId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) awardedBy!: string | null;
  @ApiProperty() awardedAt!: string;
}

export class HolderResponse extends AwardResponse {
  @ApiProperty() displayName!: string;
}
