import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { SINGLE_LINE, Trim } from '../../common/text';

export class CreateBoardDto {
  @ApiProperty({ example: '雑談', maxLength: 60 })
  @Trim()
  @IsString()
  @Length(1, 60, { message: 'name must be 1 to 60 characters' })
  @Matches(SINGLE_LINE, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ required: false, maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class BoardResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() position!: number;
  @ApiProperty() createdAt!: string;
}
