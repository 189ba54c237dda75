import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { LocalizedName } from './badge.dto';

/** 0 to 1000 points for an action. */
function Points(): PropertyDecorator {
  return applyDecorators(IsInt({ message: '$property must be a whole number' }), Min(0, { message: '$property must be 0 to 1000' }), Max(1000, { message: '$property must be 0 to 1000' }));
}

export class PointsTableDto {
  @ApiProperty({ example: 5, description: 'Starting a thread' }) @Points() thread!: number;
  @ApiProperty({ example: 2, description: 'Replying' }) @Points() reply!: number;
  @ApiProperty({ example: 1, description: 'A reaction received from someone else' }) @Points() reactionReceived!: number;
}

export class RankStepDto {
  @ApiProperty({ example: 'silver' }) @IsString() key!: string;
  @ApiProperty({ type: LocalizedName }) @IsObject({ message: 'name must be an object of ja and en' }) @ValidateNested() @Type(() => LocalizedName) name!: LocalizedName;
  @ApiProperty({ example: 50, description: 'Points from which a member holds this rank' })
  @IsInt({ message: 'min must be a whole number' })
  @Min(0, { message: 'min must be 0 or more' })
  @Max(100_000_000, { message: 'min must be at most 100,000,000' })
  min!: number;
  @ApiProperty({ type: LocalizedName, nullable: true, required: false, description: 'The title (称号) members of this rank may show' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedName)
  title?: LocalizedName | null;
}

export class RecognitionSettingsDto {
  @ApiProperty({ type: PointsTableDto })
  @IsObject({ message: 'points must be an object of thread, reply and reactionReceived' })
  @ValidateNested()
  @Type(() => PointsTableDto)
  points!: PointsTableDto;
  @ApiProperty({ type: [RankStepDto], description: '1–10 ranks, the first from 0 points, minimums ascending' })
  @IsArray()
  @ArrayMinSize(1, { message: 'ranks must list 1 to 10 ranks' })
  @ArrayMaxSize(10, { message: 'ranks must list 1 to 10 ranks' })
  @ValidateNested({ each: true })
  @Type(() => RankStepDto)
  ranks!: RankStepDto[];
}
