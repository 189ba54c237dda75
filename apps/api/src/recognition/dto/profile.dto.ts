import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@kizuna/contracts';
import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { LocalizedName } from './badge.dto';

export class ChooseTitleDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The id of a title I hold; null to show none' })
  @ValidateIf((_o, v) => v !== null)
  @IsUUID('all', { message: 'titleId must be a title id or null' })
  titleId!: string | null;
}

export class TitleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
}

export class MyTitlesResponse {
  @ApiProperty({ type: [TitleResponse] }) titles!: TitleResponse[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) shown!: string | null;
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
}

export class LeaderboardQueryDto {
  @ApiProperty({ required: false, enum: ['all', '30d', '7d'], description: 'all when omitted' })
  @IsOptional()
  @IsIn(['all', '30d', '7d'], { message: 'period must be one of: all, 30d, 7d' })
  period?: 'all' | '30d' | '7d';
}

export class LeaderboardEntryResponse {
  @ApiProperty() place!: number;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: LocalizedName, nullable: true }) title!: LocalizedName | null;
  @ApiProperty() points!: number;
}
