import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@kizuna/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsTimeZone, Matches, Max, MaxLength, Min } from 'class-validator';
import { OneLine, Trim } from '../../common/text';
import { ERASED_POSTS_POLICIES, type ErasedPostsPolicy } from '../community.entity';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export class CreateCommunityDto {
  @ApiProperty({ example: 'kizuna-fans', description: '3–40 characters: lowercase letters, digits and hyphens, not starting or ending with a hyphen' })
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 3–40 lowercase letters, digits or hyphens, not starting or ending with a hyphen' })
  slug!: string;

  @ApiProperty({ example: '絆ファンクラブ', maxLength: 80 })
  @OneLine('name', 1, 80)
  name!: string;

  @ApiProperty({ required: false, maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ required: false, example: 'Asia/Tokyo', description: 'Asia/Tokyo when omitted' })
  @IsOptional()
  @IsString()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Asia/Tokyo' })
  timeZone?: string;

  @ApiProperty({ required: false, enum: ['ja', 'en'], description: 'ja when omitted' })
  @IsOptional()
  @IsIn(['ja', 'en'])
  defaultLocale?: 'ja' | 'en';
}

/** One emoji (a grapheme of pictographs, modifiers and joiners), not text. */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0f\u20e3])*$/u;

export class UpdateCommunityDto {
  @ApiProperty({ required: false, maxLength: 80 })
  @IsOptional()
  @OneLine('name', 1, 80)
  name?: string;

  @ApiProperty({ required: false, maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ required: false, example: 'Asia/Tokyo' })
  @IsOptional()
  @IsString()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Asia/Tokyo' })
  timeZone?: string;

  @ApiProperty({ required: false, type: [String], example: ['👍', '❤️', '🎉'], description: 'The reactions members may give (1–12 emoji)' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @Matches(EMOJI, { each: true, message: 'reactionEmojis must contain single emoji' })
  reactionEmojis?: string[];

  @ApiProperty({ required: false, minimum: 1, maximum: 100, description: 'Distinct reports that hide a post for review' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  autoHideFlagCount?: number;

  @ApiProperty({ required: false, minimum: 0, maximum: 720, description: 'Hours after joining during which a member counts as new' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  newMemberHours?: number;

  @ApiProperty({ required: false, minimum: 1, maximum: 1000, description: 'Threads and replies a new member may post per hour' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  newMemberPostsPerHour?: number;

  @ApiProperty({ required: false, enum: ERASED_POSTS_POLICIES, description: "Posts of a member who erases their account: shown as a deleted member's (anonymise) or removed" })
  @IsOptional()
  @IsIn(ERASED_POSTS_POLICIES, { message: `erasedPostsPolicy must be one of: ${ERASED_POSTS_POLICIES.join(', ')}` })
  erasedPostsPolicy?: ErasedPostsPolicy;

  @ApiProperty({ required: false, description: 'Staff must use two-factor sign-in for staff pages (owner only; the owner needs two-factor on to turn it on)' })
  @IsOptional()
  @IsBoolean()
  requireStaffTwoFactor?: boolean;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;
}

export class SuspensionDto {
  @ApiProperty({ description: 'true suspends, false lifts the suspension' }) @IsBoolean() suspended!: boolean;
  @ApiProperty({ required: false, maxLength: 500 }) @IsOptional() @Trim() @IsString() @MaxLength(500) reason?: string;
}

export class MembersQueryDto {
  @ApiProperty({ required: false, description: 'Part of a display name' }) @IsOptional() @Trim() @IsString() @MaxLength(40) q?: string;
  @ApiProperty({ required: false, minimum: 1, maximum: 50, description: '20 when omitted' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 50' })
  @Min(1, { message: 'limit must be a whole number from 1 to 50' })
  @Max(50, { message: 'limit must be a whole number from 1 to 50' })
  limit?: number;
}

export class MemberSummaryResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() joinedAt!: string;
  @ApiProperty() suspended!: boolean;
}

export class ViewerResponse {
  @ApiProperty({ enum: ROLES, nullable: true, description: "The caller's role; null when not a member or signed out" })
  role!: Role | null;
}

export class CommunityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ enum: ['ja', 'en'] }) defaultLocale!: string;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ type: [String] }) reactionEmojis!: string[];
  @ApiProperty() autoHideFlagCount!: number;
  @ApiProperty() newMemberHours!: number;
  @ApiProperty() newMemberPostsPerHour!: number;
  @ApiProperty({ enum: ERASED_POSTS_POLICIES, description: 'Posts of members who erased their account: anonymised or removed' }) erasedPostsPolicy!: ErasedPostsPolicy;
  @ApiProperty({ description: 'Staff must use two-factor sign-in for staff pages' }) requireStaffTwoFactor!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: ViewerResponse }) viewer!: ViewerResponse;
}

export class CommunityListResponse {
  @ApiProperty({ type: [CommunityResponse] }) items!: CommunityResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MembershipResponse {
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() joinedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the member was suspended' }) suspendedAt!: string | null;
}
