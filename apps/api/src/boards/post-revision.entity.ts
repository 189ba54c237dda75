import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The source of a post before an edit (revision n holds what revision n said). */
@Entity('post_revisions')
@Index('post_revisions_post_id_revision_key', ['postId', 'revision'], { unique: true })
export class PostRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('posts', { onDelete: 'CASCADE' })
  @Column('uuid')
  postId!: string;

  @Column('int')
  revision!: number;

  @Column('text')
  bodyMarkdown!: string;

  @Column('uuid', { nullable: true })
  editorId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
