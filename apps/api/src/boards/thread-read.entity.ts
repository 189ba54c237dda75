import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How far a member has read a thread: posts after `lastReadSeq` are unread for them. */
@Entity('thread_reads')
export class ThreadReadEntity {
  @ForeignKey('threads', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  threadId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('int')
  lastReadSeq!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
