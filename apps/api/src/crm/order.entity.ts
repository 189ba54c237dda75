import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface LineItem {
  sku: string;
  name: string;
  quantity: number;
  /** In the currency's minor units (yen, cents). */
  unitPrice: number;
}

/** An order of a contact: amount in minor units of its currency, with its line items. */
@Entity('crm_orders')
@Index('crm_orders_community_id_external_id_key', ['communityId', 'externalId'], { unique: true })
@Index('crm_orders_contact_id_purchased_at_idx', ['contactId', 'purchasedAt'])
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('crm_contacts', { onDelete: 'CASCADE' })
  @Column('uuid')
  contactId!: string;

  @Column('text')
  externalId!: string;

  @Column('timestamptz')
  purchasedAt!: Date;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  amount!: number;

  /** ISO 4217, e.g. JPY. */
  @Column('text')
  currency!: string;

  @Column('jsonb', { default: [] })
  lineItems!: LineItem[];

  @Column('text', { default: '' })
  channel!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
