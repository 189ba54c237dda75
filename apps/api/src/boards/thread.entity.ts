import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A conversation on a board; its opening post is the post with `seq` 1. */
@Entity('threads')
// The board list's order (pinned first, newest first) as an expression index, written in the migration.
@Index('threads_board_list_idx', { synchronize: false })
@Index('threads_community_id_idx', ['communityId'])
@Index('threads_title_grams_idx', { synchronize: false })
export class ThreadEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('boards', { onDelete: 'CASCADE' })
  @Column('uuid')
  boardId!: string;

  @Column('uuid', { nullable: true })
  authorId!: string | null;

  @Column('text')
  title!: string;

  @Column('timestamptz', { nullable: true })
  pinnedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lockedAt!: Date | null;

  /** Set while the opening post is hidden: the thread leaves lists for all but moderators and its author. */
  @Column('timestamptz', { nullable: true })
  hiddenAt!: Date | null;

  /** Posts after the opening one that are not deleted. */
  @Column('int', { default: 0 })
  replyCount!: number;

  @Column('int', { default: 0 })
  reactionCount!: number;

  /** The highest `seq` handed out; the next post takes `lastSeq + 1`. */
  @Column('int', { default: 0 })
  lastSeq!: number;

  @Column('timestamptz', { default: () => 'now()' })
  lastPostAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
