import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CONSENT_CHANNELS = ['email', 'line', 'sms'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** One channel's marketing consent: given or withdrawn, when, and where it was recorded. */
export interface Consent {
  granted: boolean;
  at: string;
  source: string;
}

/**
 * A customer record (顧客) of the brand, imported from its shop or CRM and, once linked, the same
 * person as a member of the community.
 */
@Entity('crm_contacts')
@Index('crm_contacts_community_id_external_id_key', ['communityId', 'externalId'], { unique: true })
@Index('crm_contacts_community_id_email_idx', ['communityId', 'email'])
@Index('crm_contacts_community_id_customer_number_key', ['communityId', 'customerNumber'], { unique: true, where: 'customer_number IS NOT NULL' })
@Index('crm_contacts_community_id_linked_user_id_key', ['communityId', 'linkedUserId'], { unique: true, where: 'linked_user_id IS NOT NULL' })
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  /** The id in the brand's system (upserts go by it). */
  @Column('text')
  externalId!: string;

  /** Normalised (NFKC, trimmed, lower case). */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { default: '' })
  familyName!: string;

  @Column('text', { default: '' })
  givenName!: string;

  @Column('text', { default: '' })
  familyNameKana!: string;

  @Column('text', { default: '' })
  givenNameKana!: string;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('date', { nullable: true })
  birthDate!: string | null;

  @Column('text', { nullable: true })
  gender!: string | null;

  /** Prefecture or region, as the brand records it. */
  @Column('text', { nullable: true })
  region!: string | null;

  /** The membership / customer number a fan can enter to link themselves. */
  @Column('text', { nullable: true })
  customerNumber!: string | null;

  @Column('jsonb', { default: {} })
  attributes!: Record<string, string>;

  /** Where the record came from (e.g. `import:shopify.csv`). */
  @Column('text', { default: '' })
  source!: string;

  @Column('jsonb', { default: {} })
  consent!: Partial<Record<ConsentChannel, Consent>>;

  @ForeignKey('users', { onDelete: 'SET NULL' })
  @Column('uuid', { nullable: true })
  linkedUserId!: string | null;

  /** `email`, `number` or `manual`. */
  @Column('text', { nullable: true })
  linkMethod!: string | null;

  @Column('timestamptz', { nullable: true })
  linkedAt!: Date | null;

  /** Personal data erased on request (orders stay, with amounts and dates, for analytics). */
  @Column('timestamptz', { nullable: true })
  erasedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
