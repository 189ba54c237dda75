import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNumber, IsObject, IsString, ValidateNested } from 'class-validator';
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';

export class PeriodQueryDto {
  @ApiProperty({ required: false, example: '2026-11-01', description: 'First day (community time zone); 29 days before `to` when omitted' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiProperty({ required: false, example: '2026-11-30', description: 'Last day, included; today when omitted' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class ComparisonResponse {
  @ApiProperty() current!: number;
  @ApiProperty({ description: 'The same figure for the period of equal length just before' }) previous!: number;
  @ApiProperty({ nullable: true, type: Number, description: '(current − previous) / previous; null when previous is 0' }) changeRate!: number | null;
}

export class OverviewKpisResponse {
  @ApiProperty({ type: ComparisonResponse, description: 'Mean daily active members over the period' }) dau!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse, description: 'Distinct active members in the 7 days ending `to`' }) wau!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse, description: 'Distinct active members in the 30 days ending `to`' }) mau!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse, description: 'Mean DAU of the 30 days ending `to` ÷ MAU' }) stickiness!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse }) newMembers!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse }) threads!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse }) replies!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse, description: 'Reactions given' }) reactions!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse, description: 'Share of threads started in the period that someone else answered' }) answeredShare!: ComparisonResponse;
  @ApiProperty({ type: ComparisonResponse, description: 'Median minutes from a thread to its first answer (answered threads)' }) medianMinutesToFirstReply!: ComparisonResponse;
}

export class DaySeriesResponse {
  @ApiProperty() day!: string;
  @ApiProperty() activeMembers!: number;
  @ApiProperty() threads!: number;
  @ApiProperty() replies!: number;
  @ApiProperty() reactions!: number;
  @ApiProperty() newMembers!: number;
}

export class OverviewResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: OverviewKpisResponse }) kpis!: OverviewKpisResponse;
  @ApiProperty({ type: [DaySeriesResponse] }) series!: DaySeriesResponse[];
}

export class LocalizedNameResponse {
  @ApiProperty() @IsString() ja!: string;
  @ApiProperty() @IsString() en!: string;
}

export class TierCountResponse {
  @ApiProperty({ example: 'champion' }) key!: string;
  @ApiProperty({ type: LocalizedNameResponse }) name!: LocalizedNameResponse;
  @ApiProperty({ description: 'Engagement score from which a member is in the tier' }) min!: number;
  @ApiProperty() members!: number;
}

export class TiersResponse {
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: [TierCountResponse], description: 'Highest tier first' }) tiers!: TierCountResponse[];
}

export class BaselineResponse {
  @ApiProperty({ example: 'notInCommunity' }) group!: string;
  @ApiProperty({ description: 'Customers not linked to a member' }) customers!: number;
  @ApiProperty() buyers!: number;
  @ApiProperty({ nullable: true, type: Number }) purchaseRate!: number | null;
  @ApiProperty({ nullable: true, type: Number }) ordersPerCustomer!: number | null;
  @ApiProperty({ nullable: true, type: Number }) averageOrderValue!: number | null;
  @ApiProperty({ nullable: true, type: Number }) revenuePerCustomer!: number | null;
  @ApiProperty() smallSample!: boolean;
}

export class TierRevenueResponse {
  @ApiProperty() tier!: string;
  @ApiProperty({ type: LocalizedNameResponse }) name!: LocalizedNameResponse;
  @ApiProperty() members!: number;
  @ApiProperty() linkedCustomers!: number;
  @ApiProperty() buyers!: number;
  @ApiProperty() orders!: number;
  @ApiProperty({ description: 'Minor units' }) revenue!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Buyers ÷ linked customers' }) purchaseRate!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Orders per buyer' }) ordersPerCustomer!: number | null;
  @ApiProperty({ nullable: true, type: Number }) averageOrderValue!: number | null;
  @ApiProperty({ description: 'Revenue ÷ members of the tier' }) revenuePerMember!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Purchase rate ÷ the baseline’s − 1' }) lift!: number | null;
  @ApiProperty({ description: 'Fewer than 30 linked customers: too few to compare' }) smallSample!: boolean;
}

export class EngagementRevenueResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: LocalizedNameResponse, description: 'Correlation, not causation' }) note!: LocalizedNameResponse;
  @ApiProperty({ type: BaselineResponse }) baseline!: BaselineResponse;
  @ApiProperty({ type: [TierRevenueResponse] }) tiers!: TierRevenueResponse[];
}

export class RetentionQueryDto extends PeriodQueryDto {
  @ApiProperty({ required: false, enum: ['week', 'month', 'purchase'], description: 'Join week, join month (default), or first-purchase month of linked customers' })
  @IsOptional()
  @IsIn(['week', 'month', 'purchase'], { message: 'by must be one of: week, month, purchase' })
  by?: 'week' | 'month' | 'purchase';

  @ApiProperty({ required: false, minimum: 1, maximum: 52 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'periods must be a whole number from 1 to 52' })
  @Min(1, { message: 'periods must be a whole number from 1 to 52' })
  @Max(52, { message: 'periods must be a whole number from 1 to 52' })
  periods?: number;
}

export class CohortResponse {
  @ApiProperty({ example: '2026-03' }) cohort!: string;
  @ApiProperty() start!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ type: [Number], nullable: true, description: 'Members active in period k (k = 0 is the cohort’s own); null for periods not yet begun' }) active!: (number | null)[];
  @ApiProperty({ type: [Number], nullable: true }) rates!: (number | null)[];
}

export class RetentionResponse {
  @ApiProperty({ enum: ['week', 'month', 'purchase'] }) by!: 'week' | 'month' | 'purchase';
  @ApiProperty() periods!: number;
  @ApiProperty({ type: [CohortResponse] }) cohorts!: CohortResponse[];
}

export class AtRiskResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The linked customer record (360° view)' }) contactId!: string | null;
  @ApiProperty() peakScore!: number;
  @ApiProperty() currentScore!: number;
  @ApiProperty({ nullable: true, type: Number }) idleDays!: number | null;
  @ApiProperty({ nullable: true, type: Number }) pAlive!: number | null;
  @ApiProperty({ type: [String], enum: ['idle', 'lowPAlive'] }) reasons!: Array<'idle' | 'lowPAlive'>;
}

export class AtRiskQueryDto extends PeriodQueryDto {
  @ApiProperty({ required: false, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiProperty({ required: false, minimum: 1, maximum: 500, description: '50 when omitted' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit?: number;
}

export class AtRiskPageResponse {
  @ApiProperty({ type: [AtRiskResponse], description: 'Highest peak score first' }) items!: AtRiskResponse[];
  @ApiProperty({ description: 'Members on the whole list' }) total!: number;
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ContributorResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() score!: number;
  @ApiProperty() tier!: string;
  @ApiProperty() threads!: number;
  @ApiProperty() replies!: number;
  @ApiProperty() reactionsReceived!: number;
}

export class BoardHealthResponse {
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() threads!: number;
  @ApiProperty() threadsPerDay!: number;
  @ApiProperty({ nullable: true, type: Number }) answeredShare!: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianMinutesToFirstReply!: number | null;
}

export class TierNameResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LocalizedNameResponse }) name!: LocalizedNameResponse;
}

export class WeeklyScoreResponse {
  @ApiProperty() asOf!: string;
  @ApiProperty() score!: number;
}

export class MemberEngagementResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ description: 'Σ weight × 0.9^months over 12 months, today' }) score!: number;
  @ApiProperty({ type: TierNameResponse }) tier!: TierNameResponse;
  @ApiProperty({ type: [WeeklyScoreResponse], description: 'The score at the end of each of the last 12 weeks' }) weekly!: WeeklyScoreResponse[];
  @ApiProperty({ nullable: true, type: String }) lastActiveDay!: string | null;
}

export class BeforeAfterResponse {
  @ApiProperty({ description: 'Mean per awarded member (or per other member), the 30 days before the award' }) before!: number;
  @ApiProperty({ description: 'The 30 days after' }) after!: number;
}

export class ImpactOutcomeResponse {
  @ApiProperty({ type: BeforeAfterResponse }) awarded!: BeforeAfterResponse;
  @ApiProperty({ type: BeforeAfterResponse, description: 'Members active in the window who were not awarded the badge, on the same days' }) others!: BeforeAfterResponse;
  @ApiProperty({ description: '(awarded after − before) − (others after − before)' }) difference!: number;
}

export class BadgeImpactResponse {
  @ApiProperty({ format: 'uuid' }) badgeId!: string;
  @ApiProperty({ type: LocalizedNameResponse }) name!: LocalizedNameResponse;
  @ApiProperty({ description: 'Awards whose 30 days after have passed' }) awards!: number;
  @ApiProperty({ description: 'Members compared with' }) comparedWith!: number;
  @ApiProperty({ type: ImpactOutcomeResponse, description: 'Threads and replies' }) posts!: ImpactOutcomeResponse;
  @ApiProperty({ type: ImpactOutcomeResponse, description: 'Orders of linked customers' }) orders!: ImpactOutcomeResponse;
}

export class TierDto {
  @ApiProperty({ example: 'champion' }) @IsString() key!: string;
  @ApiProperty({ type: LocalizedNameResponse }) @IsObject() @ValidateNested() @Type(() => LocalizedNameResponse) name!: LocalizedNameResponse;
  @ApiProperty({ description: 'Score from which a member is in the tier' }) @IsNumber({}, { message: 'min must be a number' }) min!: number;
}

export class AnalyticsSettingsDto {
  @ApiProperty({ type: Object, example: { 'thread.created': 5, 'post.created': 3, 'reaction.added': 1 }, description: 'Points per activity type (0–100); types left out count 0' })
  @IsObject({ message: 'weights must be an object of activity type → number' })
  weights!: Record<string, number>;

  @ApiProperty({ type: [TierDto], description: '1–10 tiers, lowest first from 0' })
  @IsArray()
  @ArrayMinSize(1, { message: 'tiers must list 1 to 10 tiers' })
  @ArrayMaxSize(10, { message: 'tiers must list 1 to 10 tiers' })
  @ValidateNested({ each: true })
  @Type(() => TierDto)
  tiers!: TierDto[];
}
