import { ApiProperty } from '@nestjs/swagger';
import type { SegmentRule } from '@kizuna/engagement';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { OneLine, Trim } from '../../common/text';
import { CONSENT_CHANNELS, type ConsentChannel } from '../contact.entity';
import { ContactSummaryResponse } from './contact.dto';

export class CreateSegmentDto {
  @ApiProperty({ example: 'メール可のゴールド離反リスク' }) @OneLine('name', 1, 80) name!: string;
  @ApiProperty({ required: false }) @IsOptional() @Trim() @IsString() @MaxLength(500) description?: string;
  @ApiProperty({ type: Object, description: 'A segment rule: { match: all|any, conditions: [{ field, op, value }] } (see docs/crm-api.md)' })
  @IsObject({ message: 'rule must be an object' })
  rule!: SegmentRule;
}

export class UpdateSegmentDto {
  @ApiProperty({ required: false }) @IsOptional() @OneLine('name', 1, 80) name?: string;
  @ApiProperty({ required: false }) @IsOptional() @Trim() @IsString() @MaxLength(500) description?: string;
  @ApiProperty({ required: false, type: Object }) @IsOptional() @IsObject({ message: 'rule must be an object' }) rule?: SegmentRule;
}

export class PreviewSegmentDto {
  @ApiProperty({ type: Object }) @IsObject({ message: 'rule must be an object' }) rule!: SegmentRule;
}

export class SegmentCountResponse {
  @ApiProperty() count!: number;
}

export class SegmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: Object }) rule!: SegmentRule;
  @ApiProperty({ description: 'Contacts in it now' }) count!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class SegmentContactsQueryDto {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiProperty({ required: false, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;
}

export class SegmentContactsResponse {
  @ApiProperty({ type: [ContactSummaryResponse] }) items!: ContactSummaryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty() count!: number;
}

export class ExportQueryDto {
  @ApiProperty({ required: false, enum: CONSENT_CHANNELS, description: 'Marketing channel: only contacts who consented to it. Omitted: an internal export (owner/manager)' })
  @IsOptional()
  @IsIn(CONSENT_CHANNELS, { message: `channel must be one of: ${CONSENT_CHANNELS.join(', ')}` })
  channel?: ConsentChannel;
}

export class ExportSummaryQueryDto {
  @ApiProperty({ enum: CONSENT_CHANNELS }) @IsIn(CONSENT_CHANNELS, { message: `channel must be one of: ${CONSENT_CHANNELS.join(', ')}` }) channel!: ConsentChannel;
}

export class ExportSummaryResponse {
  @ApiProperty({ description: 'Contacts who consented to the channel' }) included!: number;
  @ApiProperty({ description: 'Left out for lacking consent' }) excluded!: number;
}
