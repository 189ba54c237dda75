import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type HiddenReason = 'moderator' | 'flags';

/** One post of a thread. The Markdown source is kept; HTML is rendered and sanitised on write. */
@Entity('posts')
@Index('posts_thread_id_seq_key', ['threadId', 'seq'], { unique: true })
@Index('posts_community_id_author_id_created_at_idx', ['communityId', 'authorId', 'createdAt'])
@Index('posts_community_id_created_at_idx', ['communityId', 'createdAt'])
// GIN index over search_grams(body_text) for substring search, written in the migration (TypeORM can't express it).
@Index('posts_body_text_grams_idx', { synchronize: false })
export class PostEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('threads', { onDelete: 'CASCADE' })
  @Column('uuid')
  threadId!: string;

  /** Position in the thread, from 1 (the opening post). */
  @Column('int')
  seq!: number;

  @Column('uuid', { nullable: true })
  authorId!: string | null;

  @Column('uuid', { nullable: true })
  replyToPostId!: string | null;

  @Column('text')
  bodyMarkdown!: string;

  @Column('text')
  bodyHtml!: string;

  /** Plain text for search (trigram-indexed). */
  @Column('text')
  bodyText!: string;

  /** Reactions per emoji, kept in the same transaction as each reaction. */
  @Column('jsonb', { default: {} })
  reactionCounts!: Record<string, number>;

  @Column('int', { default: 0 })
  flagCount!: number;

  @Column('int', { default: 1 })
  revision!: number;

  @Column('timestamptz', { nullable: true })
  editedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  hiddenAt!: Date | null;

  @Column('text', { nullable: true })
  hiddenReason!: HiddenReason | null;

  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
