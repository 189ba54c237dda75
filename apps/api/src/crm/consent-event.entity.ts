import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The history of a contact's consent: every change, with when and where it came from. */
@Entity('crm_consent_events')
@Index('crm_consent_events_contact_id_at_idx', ['contactId', 'at'])
export class ConsentEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('crm_contacts', { onDelete: 'CASCADE' })
  @Column('uuid')
  contactId!: string;

  @Column('text')
  channel!: string;

  @Column('boolean')
  granted!: boolean;

  @Column('text')
  source!: string;

  @Column('timestamptz')
  at!: Date;
}
