import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

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
