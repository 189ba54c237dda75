import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A member claimed a customer record that is already linked to someone else (or while they were
 * linked to another): never merged silently, kept for a manager to decide.
 */
@Entity('crm_link_conflicts')
@Index('crm_link_conflicts_community_id_open_idx', ['communityId', 'createdAt'], { where: 'resolved_at IS NULL' })
export class LinkConflictEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('crm_contacts', { onDelete: 'CASCADE' })
  @Column('uuid')
  contactId!: string;

  /** The member who claimed it. */
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column('uuid')
  userId!: string;

  /** How they claimed it: `email` or `number`. */
  @Column('text')
  method!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  @Column('uuid', { nullable: true })
  resolvedBy!: string | null;
}
