import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Who was in a segment when it was last evaluated: entering it is noticed (and announced) once. */
@Entity('crm_segment_members')
@Index('crm_segment_members_community_id_idx', ['communityId'])
export class SegmentMemberEntity {
  @ForeignKey('crm_segments', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  segmentId!: string;

  @ForeignKey('crm_contacts', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  contactId!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  enteredAt!: Date;
}
