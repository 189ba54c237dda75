import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One fan or staff action, immutable (a database trigger refuses updates and deletes). Holds ids,
 * never personal fields, so erasing a person leaves the history countable without identity.
 */
@Entity('activity')
@Index('activity_community_id_occurred_at_idx', ['communityId', 'occurredAt'])
@Index('activity_actor_id_occurred_at_idx', ['actorId', 'occurredAt'])
@Index('activity_community_id_subject_id_idx', ['communityId', 'subjectId'])
// Badge and rank events by the member they name (data->>'userId'), for profiles; written in the migration.
@Index('activity_recognition_user_idx', { synchronize: false })
// Reactions by the member who received them (data->>'receiverId', occurred_at), for their analytics day; written in the migration.
@Index('activity_reaction_receiver_idx', { synchronize: false })
export class ActivityEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  /** `null` for account-level activity (registration, email verification). */
  @Column('uuid', { nullable: true })
  communityId!: string | null;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text')
  type!: string;

  @Column('text', { nullable: true })
  subjectType!: string | null;

  @Column('text', { nullable: true })
  subjectId!: string | null;

  @Column('jsonb', { default: {} })
  data!: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;

  /** The client address of the request that did it (staff actions are audited with it); null for workers. */
  @Column('text', { nullable: true })
  ip!: string | null;
}
