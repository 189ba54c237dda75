import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A discussion board (掲示板) of a community. */
@Entity('boards')
@Index('boards_community_id_position_idx', ['communityId', 'position'])
export class BoardEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('text')
  name!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('int', { default: 0 })
  position!: number;

  /** Announcements: only staff start threads. */
  @Column('boolean', { default: false })
  readOnly!: boolean;

  @Column('timestamptz', { nullable: true })
  archivedAt!: Date | null;

  @Column('int', { default: 0 })
  threadCount!: number;

  @Column('int', { default: 0 })
  postCount!: number;

  @Column('timestamptz', { nullable: true })
  lastActivityAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
