import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** When a thread was started and first answered by someone else (answered share, time to first reply). */
@Entity('analytics_threads')
@Index('analytics_threads_community_id_created_at_idx', ['communityId', 'createdAt'])
export class ThreadResponseEntity {
  @PrimaryColumn('uuid')
  threadId!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('uuid')
  boardId!: string;

  @Column('uuid', { nullable: true })
  authorId!: string | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  firstReplyAt!: Date | null;
}
