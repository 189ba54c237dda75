import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { OneLine, Trim } from '../../common/text';
import { FLAG_REASONS, type FlagReason } from '../flag.entity';

export const BODY_MAX = 20_000;

/** Counts characters (code points), not bytes or UTF-16 units: Japanese and emoji count once. */
const chars = (min: number, max: number, field: string) =>
  Matches(new RegExp(`^[\\s\\S]{${min},${max}}$`, 'u'), { message: `${field} must be ${min} to ${max.toLocaleString('en')} characters` });

export class CreateThreadDto {
  @ApiProperty({ example: '新曲の感想を語ろう', minLength: 1, maxLength: 120 })
  @OneLine('title', 1, 120)
  title!: string;

  @ApiProperty({ description: 'Markdown, 1–20,000 characters' })
  @IsString()
  @Matches(/\S/, { message: 'body must not be empty' })
  @chars(1, BODY_MAX, 'body')
  body!: string;
}

export class CreatePostDto {
  @ApiProperty({ description: 'Markdown, 1–20,000 characters' })
  @IsString()
  @Matches(/\S/, { message: 'body must not be empty' })
  @chars(1, BODY_MAX, 'body')
  body!: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'The post this one answers or quotes (same thread)' })
  @IsOptional()
  @IsUUID('all', { message: 'replyToPostId must be a post id' })
  replyToPostId?: string;
}

export class UpdatePostDto {
  @ApiProperty({ description: 'Markdown, 1–20,000 characters' })
  @IsString()
  @Matches(/\S/, { message: 'body must not be empty' })
  @chars(1, BODY_MAX, 'body')
  body!: string;
}

export class FlagDto {
  @ApiProperty({ enum: FLAG_REASONS })
  @IsIn(FLAG_REASONS, { message: `reason must be one of: ${FLAG_REASONS.join(', ')}` })
  reason!: FlagReason;

  @ApiProperty({ required: false, maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class MarkReadDto {
  @ApiProperty({ minimum: 1, description: 'The highest post position the reader has seen' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  seq!: number;
}

export class PreviewDto {
  @ApiProperty({ description: 'Markdown, up to 20,000 characters' })
  @IsString()
  @chars(0, BODY_MAX, 'body')
  body!: string;
}

export class PreviewResponse {
  @ApiProperty({ description: 'The sanitised HTML the post would show' }) html!: string;
}

export class PostPageQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, minimum: 0, description: 'Posts after this position: how a client catches up after a reconnect (instead of cursor)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  afterSeq?: number;
}

export class SearchQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'Any substring of a title or post, from one character (e.g. 泣, 新曲)', maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100, { message: 'q must be 1 to 100 characters' })
  q!: string;
}

export class AuthorTitleResponse {
  @ApiProperty() ja!: string;
  @ApiProperty() en!: string;
}

export class AuthorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: AuthorTitleResponse, nullable: true, description: 'The title (称号) the author shows here' }) title!: AuthorTitleResponse | null;
}

export class ReactionCountResponse {
  @ApiProperty() emoji!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Whether the caller gave this reaction' }) reacted!: boolean;
}

export class PostResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiProperty({ description: 'Position in the thread, from 1' }) seq!: number;
  @ApiProperty({ type: AuthorResponse, nullable: true, description: 'null when the author erased their account (shown as 退会したメンバー / deleted member)' }) author!: AuthorResponse | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) replyToPostId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Sanitised HTML; null for a deleted post or hidden content you may not see' }) bodyHtml!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Markdown source (for editing and quoting)' }) bodyMarkdown!: string | null;
  @ApiProperty({ type: [ReactionCountResponse] }) reactions!: ReactionCountResponse[];
  @ApiProperty() revision!: number;
  @ApiProperty({ nullable: true, type: String }) editedAt!: string | null;
  @ApiProperty() deleted!: boolean;
  @ApiProperty() hidden!: boolean;
  @ApiProperty({ nullable: true, enum: ['moderator', 'flags'] }) hiddenReason!: 'moderator' | 'flags' | null;
  @ApiProperty({ description: 'Open flags (moderators only; 0 for others)' }) flagCount!: number;
  @ApiProperty() canEdit!: boolean;
  @ApiProperty() createdAt!: string;
}

export class PostPageResponse {
  @ApiProperty({ type: [PostResponse] }) items!: PostResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ThreadResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: AuthorResponse, nullable: true, description: 'null when the author erased their account (shown as 退会したメンバー / deleted member)' }) author!: AuthorResponse | null;
  @ApiProperty() pinned!: boolean;
  @ApiProperty() locked!: boolean;
  @ApiProperty() hidden!: boolean;
  @ApiProperty() replyCount!: number;
  @ApiProperty() reactionCount!: number;
  @ApiProperty() lastPostAt!: string;
  @ApiProperty({ description: 'Highest post position, for unread markers' }) lastSeq!: number;
  @ApiProperty({ nullable: true, type: Number, description: "The caller's read position; null when never opened (or signed out)" }) lastReadSeq!: number | null;
  @ApiProperty() createdAt!: string;
}

export class ThreadPageResponse {
  @ApiProperty({ type: [ThreadResponse] }) items!: ThreadResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ThreadDetailResponse extends ThreadResponse {
  @ApiProperty({ description: 'The community slug' }) communitySlug!: string;
  @ApiProperty() boardName!: string;
  @ApiProperty({ type: [String], description: 'Reactions members may give here' }) reactionEmojis!: string[];
  @ApiProperty({ type: PostPageResponse, description: 'The first page of posts' }) posts!: PostPageResponse;
}

export class FlagResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: FLAG_REASONS }) reason!: FlagReason;
  @ApiProperty() note!: string;
  @ApiProperty({ type: AuthorResponse, nullable: true }) reporter!: AuthorResponse | null;
  @ApiProperty() createdAt!: string;
}

export class QueueItemResponse {
  @ApiProperty({ type: PostResponse }) post!: PostResponse;
  @ApiProperty() threadTitle!: string;
  @ApiProperty({ type: [FlagResponse] }) flags!: FlagResponse[];
}

export class QueuePageResponse {
  @ApiProperty({ type: [QueueItemResponse] }) items!: QueueItemResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SearchHitResponse {
  @ApiProperty({ enum: ['thread', 'post'] }) kind!: 'thread' | 'post';
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) postId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) seq!: number | null;
  @ApiProperty() threadTitle!: string;
  @ApiProperty({ description: 'HTML-escaped excerpt with the matches in <mark>' }) snippet!: string;
  @ApiProperty() createdAt!: string;
}

export class SearchPageResponse {
  @ApiProperty({ type: [SearchHitResponse] }) items!: SearchHitResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
