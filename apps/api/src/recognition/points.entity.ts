import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only points ledger: each row gives (or, negative, takes back) points for one
 * activity. Unique per member, source activity and reason, so a re-delivered activity never
 * counts twice.
 */
@Entity('points_ledger')
@Index('points_ledger_source_key', ['userId', 'activityId', 'reason'], { unique: true })
@Index('points_ledger_community_id_created_at_idx', ['communityId', 'createdAt'])
@Index('points_ledger_community_id_subject_id_idx', ['communityId', 'subjectId'])
export class PointsEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('uuid')
  userId!: string;

  @Column('int')
  points!: number;

  /** e.g. `thread.created`, `reaction.received`, `post.deleted` */
  @Column('text')
  reason!: string;

  @Column('bigint')
  activityId!: string;

  /** What earned it (a post, a thread): a deletion reverses what its subject earned. */
  @Column('text', { nullable: true })
  subjectId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
