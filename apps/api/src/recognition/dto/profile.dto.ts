import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@kizuna/contracts';
import { IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { LocalizedName } from './badge.dto';

export class ChooseTitleDto {
  @ApiProperty({ nullable: true, type: String, description: 'The id of a title I hold (a badge id or rank:<key>); null to show none' })
  @ValidateIf((_o, v) => v !== null)
  @IsString({ message: 'titleId must be a title id or null' })
  @Matches(/^(?:[0-9a-f-]{36}|rank:[a-z0-9][a-z0-9-]{0,30})$/, { message: 'titleId must be a title id or null' })
  titleId!: string | null;
}

export class TitleResponse {
  @ApiProperty({ description: 'A badge id or rank:<key>' }) id!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
  @ApiProperty({ enum: ['badge', 'rank'] }) source!: 'badge' | 'rank';
  @ApiProperty({ nullable: true, type: String, description: 'Seasonal titles end then' }) expiresAt!: string | null;
}

export class MyTitlesResponse {
  @ApiProperty({ type: [TitleResponse] }) titles!: TitleResponse[];
  @ApiProperty({ nullable: true, type: String }) shown!: string | null;
}

export class RankResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
  @ApiProperty({ type: LocalizedName, nullable: true }) nextName!: LocalizedName | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Points needed for the next rank' }) nextAt!: number | null;
  @ApiProperty({ description: '0 to 1' }) progress!: number;
}

export class EarnedBadgeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
  @ApiProperty() icon!: string;
  @ApiProperty() tier!: string;
  @ApiProperty() awardedAt!: string;
}

export class ActivityBadgeResponse {
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
  @ApiProperty() icon!: string;
}

export class RecentActivityResponse {
  @ApiProperty({ enum: ['thread.created', 'post.created', 'badge.awarded', 'rank.changed'] }) type!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) threadId!: string | null;
  @ApiProperty({ nullable: true, type: String }) threadTitle!: string | null;
  @ApiProperty({ nullable: true, type: String }) postId!: string | null;
  @ApiProperty({ type: ActivityBadgeResponse, nullable: true }) badge!: ActivityBadgeResponse | null;
  @ApiProperty({ type: LocalizedName, nullable: true, description: 'The rank reached (rank.changed)' }) rank!: LocalizedName | null;
}

export class MemberProfileResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() joinedAt!: string;
  @ApiProperty({ type: LocalizedName, nullable: true, description: 'The title (称号) the member shows' }) title!: LocalizedName | null;
  @ApiProperty({ type: [EarnedBadgeResponse] }) badges!: EarnedBadgeResponse[];
  @ApiProperty() points!: number;
  @ApiProperty({ description: 'Place on the all-time leaderboard' }) place!: number;
  @ApiProperty({ type: RankResponse }) rank!: RankResponse;
  @ApiProperty({ type: [RecentActivityResponse], description: 'The last public actions (up to 10)' }) recentActivity!: RecentActivityResponse[];
}

export class LeaderboardQueryDto {
  @ApiProperty({ required: false, enum: ['all', '30d', '7d'], description: 'all when omitted' })
  @IsOptional()
  @IsIn(['all', '30d', '7d'], { message: 'period must be one of: all, 30d, 7d' })
  period?: 'all' | '30d' | '7d';
}

export class RankNameResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
}

export class LeaderboardEntryResponse {
  @ApiProperty() place!: number;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: LocalizedName, nullable: true }) title!: LocalizedName | null;
  @ApiProperty() points!: number;
  @ApiProperty({ type: RankNameResponse, description: 'All-time rank' }) rank!: RankNameResponse;
}
