import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class CustomerValueQueryDto {
  @ApiProperty({ required: false, example: '2026-06-30', description: 'Fit on purchases up to this day (today when omitted)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;

  @ApiProperty({ required: false, enum: ['day', 'week', 'month'], description: 'Time unit of the model (week when omitted)' })
  @IsOptional()
  @IsIn(['day', 'week', 'month'], { message: 'unit must be one of: day, week, month' })
  unit?: 'day' | 'week' | 'month';
}

export class BgNbdResponse {
  @ApiProperty() r!: number;
  @ApiProperty() alpha!: number;
  @ApiProperty() a!: number;
  @ApiProperty() b!: number;
}

export class GammaGammaResponse {
  @ApiProperty() p!: number;
  @ApiProperty() q!: number;
  @ApiProperty() gamma!: number;
}

export class FitDiagnosticsResponse {
  @ApiProperty() logLikelihood!: number;
  @ApiProperty() converged!: boolean;
  @ApiProperty() iterations!: number;
  @ApiProperty({ nullable: true, type: Number }) spendLogLikelihood!: number | null;
}

export class ValueGroupResponse {
  @ApiProperty({ example: 'rfm:champions', description: 'all, rfm:<segment>, community:linked, community:notLinked or tier:<engagement tier>' }) group!: string;
  @ApiProperty() customers!: number;
  @ApiProperty({ description: 'Mean probability the customer is still active' }) meanPAlive!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean purchases expected in the next year (null when the fit is at an extreme where it cannot be computed)' }) expectedPurchases!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean next-year CLV, discounted, minor units' }) meanClv!: number | null;
}

export class CustomerValueResponse {
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) unit!: 'day' | 'week' | 'month';
  @ApiProperty() currency!: string;
  @ApiProperty() customers!: number;
  @ApiProperty({ type: BgNbdResponse }) bgnbd!: BgNbdResponse;
  @ApiProperty({ type: GammaGammaResponse, nullable: true }) gammaGamma!: GammaGammaResponse | null;
  @ApiProperty({ type: FitDiagnosticsResponse }) diagnostics!: FitDiagnosticsResponse;
  @ApiProperty({ type: [ValueGroupResponse] }) groups!: ValueGroupResponse[];
}
