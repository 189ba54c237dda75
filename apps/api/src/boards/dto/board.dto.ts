import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { OneLine, Trim } from '../../common/text';

export class CreateBoardDto {
  @ApiProperty({ example: '雑談', maxLength: 60 })
  @OneLine('name', 1, 60)
  name!: string;

  @ApiProperty({ required: false, maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ required: false, description: 'Announcements: only staff start threads (false when omitted)' })
  @IsOptional()
  @IsBoolean()
  readOnly?: boolean;
}

export class UpdateBoardDto {
  @ApiProperty({ required: false, maxLength: 60 })
  @IsOptional()
  @OneLine('name', 1, 60)
  name?: string;

  @ApiProperty({ required: false, maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  readOnly?: boolean;

  @ApiProperty({ required: false, description: 'Archived boards are hidden from members and take no new threads' })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

export class ReorderBoardsDto {
  @ApiProperty({ type: [String], description: 'Every board id of the community, in the new order' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'boardIds must contain board ids' })
  boardIds!: string[];
}

export class BoardResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() position!: number;
  @ApiProperty() readOnly!: boolean;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ description: 'Visible only to members who unlocked it through a perk (and to moderators)' }) membersOnly!: boolean;
  @ApiProperty() threadCount!: number;
  @ApiProperty() postCount!: number;
  @ApiProperty({ nullable: true, type: String }) lastActivityAt!: string | null;
  @ApiProperty() createdAt!: string;
}
