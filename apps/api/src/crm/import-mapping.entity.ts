import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A community's saved column mapping for one kind of import (source header → field or `ignore`). */
@Entity('crm_import_mappings')
export class ImportMappingEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @PrimaryColumn('text')
  kind!: string;

  @Column('jsonb')
  mapping!: Record<string, string>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
