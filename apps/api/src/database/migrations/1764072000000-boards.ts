import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Boards become forums: threads, posts with revisions, reactions, flags and read positions; board and thread
 * counters; per-community reaction set, auto-hide threshold and new-member posting limits.
 * DDL generated from the entities; the trigram indexes for Japanese substring search are hand-written.
 */
export class Boards1764072000000 implements MigrationInterface {
  name = 'Boards1764072000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "flags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "reason" text NOT NULL, "note" text NOT NULL DEFAULT '', "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ea7e333c92a55de9e9b8d0b9afd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "flags_community_id_resolved_at_idx" ON "flags"  ("community_id", "resolved_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "flags_post_id_user_id_key" ON "flags"  ("post_id", "user_id")`);
    await queryRunner.query(`CREATE TABLE "post_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "post_id" uuid NOT NULL, "revision" integer NOT NULL, "body_markdown" text NOT NULL, "editor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_871219c3d5044d70ff7d59480b8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "post_revisions_post_id_revision_key" ON "post_revisions"  ("post_id", "revision")`);
    await queryRunner.query(`CREATE TABLE "posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "seq" integer NOT NULL, "author_id" uuid, "reply_to_post_id" uuid, "body_markdown" text NOT NULL, "body_html" text NOT NULL, "body_text" text NOT NULL, "reaction_counts" jsonb NOT NULL DEFAULT '{}', "flag_count" integer NOT NULL DEFAULT '0', "revision" integer NOT NULL DEFAULT '1', "edited_at" TIMESTAMP WITH TIME ZONE, "hidden_at" TIMESTAMP WITH TIME ZONE, "hidden_reason" text, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "posts_community_id_author_id_created_at_idx" ON "posts"  ("community_id", "author_id", "created_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "posts_thread_id_seq_key" ON "posts"  ("thread_id", "seq")`);
    await queryRunner.query(`CREATE TABLE "reactions" ("post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "emoji" text NOT NULL, "community_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ea6eb8a6662f33ad7269783f873" PRIMARY KEY ("post_id", "user_id", "emoji"))`);
    await queryRunner.query(`CREATE INDEX "reactions_community_id_user_id_idx" ON "reactions"  ("community_id", "user_id")`);
    await queryRunner.query(`CREATE TABLE "threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "board_id" uuid NOT NULL, "author_id" uuid, "title" text NOT NULL, "pinned_at" TIMESTAMP WITH TIME ZONE, "locked_at" TIMESTAMP WITH TIME ZONE, "hidden_at" TIMESTAMP WITH TIME ZONE, "reply_count" integer NOT NULL DEFAULT '0', "reaction_count" integer NOT NULL DEFAULT '0', "last_seq" integer NOT NULL DEFAULT '0', "last_post_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d8a74804c34fc3900502cd27275" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "threads_community_id_idx" ON "threads"  ("community_id")`);
    await queryRunner.query(`CREATE INDEX "threads_board_id_created_idx" ON "threads"  ("board_id", "created_at", "id")`);
    await queryRunner.query(`ALTER TABLE "boards" ADD "read_only" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "boards" ADD "archived_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "boards" ADD "thread_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "boards" ADD "post_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "boards" ADD "last_activity_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "communities" ADD "reaction_emojis" text array NOT NULL DEFAULT '{👍,❤️,😂,😮,😢,🎉}'`);
    await queryRunner.query(`ALTER TABLE "communities" ADD "auto_hide_flag_count" integer NOT NULL DEFAULT '3'`);
    await queryRunner.query(`ALTER TABLE "communities" ADD "new_member_hours" integer NOT NULL DEFAULT '24'`);
    await queryRunner.query(`ALTER TABLE "communities" ADD "new_member_posts_per_hour" integer NOT NULL DEFAULT '10'`);
    await queryRunner.query(`ALTER TABLE "flags" ADD CONSTRAINT "FK_52422e8a746be8db53dd9d7cc7f" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "flags" ADD CONSTRAINT "FK_bf4bf0e8f2e15a2793a541fa573" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_revisions" ADD CONSTRAINT "FK_8a9542211cd03b3942ab11417c2" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_revisions" ADD CONSTRAINT "FK_21715fae1f647ae1e4b0741346a" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_63078ada3266846e539d930b1be" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_89efae744488da3393177c9ccbf" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reactions" ADD CONSTRAINT "FK_a1ac38351a456da43cd26d38be8" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reactions" ADD CONSTRAINT "FK_a802acf7b612b5c1661c8783aec" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "threads" ADD CONSTRAINT "FK_e98897acd9bed2a50a997f11bc3" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "threads" ADD CONSTRAINT "FK_dcf9807cc496f6a4d43e0376558" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE TABLE "thread_reads" ("thread_id" uuid NOT NULL, "user_id" uuid NOT NULL, "community_id" uuid NOT NULL, "last_read_seq" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_21fb598bdd8f46af57ee725b172" PRIMARY KEY ("thread_id", "user_id"))`);
    await queryRunner.query(`ALTER TABLE "thread_reads" ADD CONSTRAINT "FK_cd09dab00ef27d7014d49cdde7f" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "thread_reads" ADD CONSTRAINT "FK_63592825729818d6559a19a10de" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE INDEX "threads_title_trgm_idx" ON "threads" USING gin ("title" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "posts_body_text_trgm_idx" ON "posts" USING gin ("body_text" gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "posts_body_text_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "threads_title_trgm_idx"`);
    await queryRunner.query(`ALTER TABLE "thread_reads" DROP CONSTRAINT "FK_63592825729818d6559a19a10de"`);
    await queryRunner.query(`ALTER TABLE "thread_reads" DROP CONSTRAINT "FK_cd09dab00ef27d7014d49cdde7f"`);
    await queryRunner.query(`DROP TABLE "thread_reads"`);
    await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_dcf9807cc496f6a4d43e0376558"`);
    await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_e98897acd9bed2a50a997f11bc3"`);
    await queryRunner.query(`ALTER TABLE "reactions" DROP CONSTRAINT "FK_a802acf7b612b5c1661c8783aec"`);
    await queryRunner.query(`ALTER TABLE "reactions" DROP CONSTRAINT "FK_a1ac38351a456da43cd26d38be8"`);
    await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_89efae744488da3393177c9ccbf"`);
    await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_63078ada3266846e539d930b1be"`);
    await queryRunner.query(`ALTER TABLE "post_revisions" DROP CONSTRAINT "FK_21715fae1f647ae1e4b0741346a"`);
    await queryRunner.query(`ALTER TABLE "post_revisions" DROP CONSTRAINT "FK_8a9542211cd03b3942ab11417c2"`);
    await queryRunner.query(`ALTER TABLE "flags" DROP CONSTRAINT "FK_bf4bf0e8f2e15a2793a541fa573"`);
    await queryRunner.query(`ALTER TABLE "flags" DROP CONSTRAINT "FK_52422e8a746be8db53dd9d7cc7f"`);
    await queryRunner.query(`ALTER TABLE "communities" DROP COLUMN "new_member_posts_per_hour"`);
    await queryRunner.query(`ALTER TABLE "communities" DROP COLUMN "new_member_hours"`);
    await queryRunner.query(`ALTER TABLE "communities" DROP COLUMN "auto_hide_flag_count"`);
    await queryRunner.query(`ALTER TABLE "communities" DROP COLUMN "reaction_emojis"`);
    await queryRunner.query(`ALTER TABLE "boards" DROP COLUMN "last_activity_at"`);
    await queryRunner.query(`ALTER TABLE "boards" DROP COLUMN "post_count"`);
    await queryRunner.query(`ALTER TABLE "boards" DROP COLUMN "thread_count"`);
    await queryRunner.query(`ALTER TABLE "boards" DROP COLUMN "archived_at"`);
    await queryRunner.query(`ALTER TABLE "boards" DROP COLUMN "read_only"`);
    await queryRunner.query(`DROP INDEX "public"."threads_board_id_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."threads_community_id_idx"`);
    await queryRunner.query(`DROP TABLE "threads"`);
    await queryRunner.query(`DROP INDEX "public"."reactions_community_id_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "reactions"`);
    await queryRunner.query(`DROP INDEX "public"."posts_thread_id_seq_key"`);
    await queryRunner.query(`DROP INDEX "public"."posts_community_id_author_id_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "posts"`);
    await queryRunner.query(`DROP INDEX "public"."post_revisions_post_id_revision_key"`);
    await queryRunner.query(`DROP TABLE "post_revisions"`);
    await queryRunner.query(`DROP INDEX "public"."flags_post_id_user_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."flags_community_id_resolved_at_idx"`);
    await queryRunner.query(`DROP TABLE "flags"`);
  }
}
