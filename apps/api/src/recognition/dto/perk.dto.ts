import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PERK_KINDS, type PerkKind } from '../perk.entity';
import { LocalizedName, LocalizedText } from './badge.dto';

export class PerkUnlockDto {
  @ApiProperty({ required: false, format: 'uuid', description: 'Unlocked by holding this badge' })
  @IsOptional()
  @IsUUID('all', { message: 'unlock.badgeId must be a badge id' })
  badgeId?: string;

  @ApiProperty({ required: false, example: 'gold', description: 'Unlocked by reaching this rank' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,30}$/, { message: 'unlock.rank must be a rank key' })
  rank?: string;
}

export class CreatePerkDto {
  @ApiProperty({ type: LocalizedName }) @ValidateNested() @Type(() => LocalizedName) @IsObject() name!: LocalizedName;
  @ApiProperty({ type: LocalizedText, required: false }) @IsOptional() @ValidateNested() @Type(() => LocalizedText) description?: LocalizedText;
  @ApiProperty({ enum: PERK_KINDS }) @IsIn(PERK_KINDS, { message: `kind must be one of: ${PERK_KINDS.join(', ')}` }) kind!: PerkKind;
  @ApiProperty({ type: PerkUnlockDto, description: 'Either a badge or a rank' }) @ValidateNested() @Type(() => PerkUnlockDto) @IsObject() unlock!: PerkUnlockDto;
  @ApiProperty({ required: false, description: 'The private link (kind link)' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'url must be an https URL' })
  @MaxLength(2000)
  url?: string;
  @ApiProperty({ required: false, format: 'uuid', description: 'The members-only board (kind board)' })
  @IsOptional()
  @IsUUID('all', { message: 'boardId must be a board id' })
  boardId?: string;
}

export class AddCodesDto {
  @ApiProperty({ type: [String], description: '1 to 2,000 codes of 1 to 64 characters (more in several requests); codes already in the pool are skipped' })
  @IsArray()
  @ArrayMinSize(1, { message: 'codes must list 1 to 2,000 codes' })
  @ArrayMaxSize(2000, { message: 'codes must list 1 to 2,000 codes' })
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value))
  @IsString({ each: true, message: 'each code must be text' })
  @MinLength(1, { each: true, message: 'each code must be 1 to 64 characters' })
  @MaxLength(64, { each: true, message: 'each code must be 1 to 64 characters' })
  @Matches(/^[\x21-\x7e]+$/, { each: true, message: 'each code must be printable ASCII without spaces' })
  codes!: string[];
}

export class PerkUnlockResponse {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) badgeId!: string | null;
  @ApiProperty({ nullable: true, type: String }) rank!: string | null;
}

export class PerkResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
  @ApiProperty({ type: LocalizedText }) description!: LocalizedText;
  @ApiProperty({ enum: PERK_KINDS }) kind!: PerkKind;
  @ApiProperty({ type: PerkUnlockResponse }) unlock!: PerkUnlockResponse;
  @ApiProperty({ nullable: true, type: String }) url!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) boardId!: string | null;
  @ApiProperty() codesTotal!: number;
  @ApiProperty() codesLeft!: number;
  @ApiProperty() redemptions!: number;
}

export class MyPerkResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LocalizedName }) name!: LocalizedName;
  @ApiProperty({ type: LocalizedText }) description!: LocalizedText;
  @ApiProperty({ enum: PERK_KINDS }) kind!: PerkKind;
  @ApiProperty({ nullable: true, type: String }) url!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) boardId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'My coupon code, once redeemed' }) code!: string | null;
  @ApiProperty({ nullable: true, type: String }) redeemedAt!: string | null;
  @ApiProperty({ description: 'Whether redeeming can succeed (a coupon pool with codes left)' }) available!: boolean;
}
