import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_TYPES } from '@kizuna/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiProperty({ required: false, enum: AUDIT_TYPES }) @IsOptional() @IsIn(AUDIT_TYPES, { message: 'type must be an audited activity type' }) type?: string;
  @ApiProperty({ required: false, format: 'uuid', description: 'Only this staff member' }) @IsOptional() @IsUUID('all', { message: 'actorId must be a user id' }) actorId?: string;
  @ApiProperty({ required: false, example: '2026-11-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' }) from?: string;
  @ApiProperty({ required: false, example: '2026-11-30', description: 'Included' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' }) to?: string;
  @ApiProperty({ required: false }) @IsOptional() @Matches(/^\d{1,19}$/, { message: 'cursor must come from a previous page' }) cursor?: string;
  @ApiProperty({ required: false, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;
}

export class AuditActorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class AuditSubjectResponse {
  @ApiProperty() type!: string;
  @ApiProperty() id!: string;
}

export class AuditEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: AuditActorResponse }) actor!: AuditActorResponse;
  @ApiProperty({ type: AuditSubjectResponse, nullable: true }) subject!: AuditSubjectResponse | null;
  @ApiProperty({ nullable: true, type: String, description: 'Client address of the request' }) ip!: string | null;
  @ApiProperty({ type: Object, description: 'What changed (e.g. from/to, before/after, counts)' }) data!: Record<string, unknown>;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items!: AuditEntryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
