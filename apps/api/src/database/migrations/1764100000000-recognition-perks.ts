import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recognition, continued: per-community points and ranks, rank titles and seasonal title expiry, rule back-fill jobs, perks (coupon pools, links, members-only boards), member suspension (generated from the entities; shown titles converted by hand). */
export class RecognitionPerks1764100000000 implements MigrationInterface {
  name = 'RecognitionPerks1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "shown_titles" DROP CONSTRAINT "FK_4a0c22a2ea84f3b22f9dc35f4ce"`);
    await queryRunner.query(`ALTER TABLE "shown_titles" ALTER COLUMN "badge_id" TYPE text USING "badge_id"::text`);
    await queryRunner.query(`ALTER TABLE "shown_titles" RENAME COLUMN "badge_id" TO "title_id"`);
    await queryRunner.query(`CREATE TABLE "badge_backfills" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "badge_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "total" integer NOT NULL, "done" integer NOT NULL DEFAULT '0', "awarded" integer NOT NULL DEFAULT '0', "after_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c616289192eaf433b7f0c8482af" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "badge_backfills_open_idx" ON "badge_backfills"  ("created_at") WHERE status <> 'done'`);
    await queryRunner.query(`CREATE INDEX "badge_backfills_badge_id_created_at_idx" ON "badge_backfills"  ("badge_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "perk_codes" ("id" BIGSERIAL NOT NULL, "community_id" uuid NOT NULL, "perk_id" uuid NOT NULL, "code" text NOT NULL, "user_id" uuid, "given_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ae00b470ef34930325abb8d21d9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "perk_codes_free_idx" ON "perk_codes"  ("perk_id", "id") WHERE user_id IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "perk_codes_perk_id_user_id_key" ON "perk_codes"  ("perk_id", "user_id") WHERE user_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "perk_codes_perk_id_code_key" ON "perk_codes"  ("perk_id", "code") `);
    await queryRunner.query(`CREATE TABLE "perk_redemptions" ("perk_id" uuid NOT NULL, "user_id" uuid NOT NULL, "community_id" uuid NOT NULL, "redeemed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9049aabdfed0091237d2d0967de" PRIMARY KEY ("perk_id", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "perks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "description_ja" text NOT NULL DEFAULT '', "description_en" text NOT NULL DEFAULT '', "kind" text NOT NULL, "badge_id" uuid, "rank_key" text, "url" text, "board_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7858d2e37891967413d2010a278" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "perks_community_id_board_id_idx" ON "perks"  ("community_id", "board_id") `);
    await queryRunner.query(`CREATE TABLE "recognition_settings" ("community_id" uuid NOT NULL, "points" jsonb NOT NULL, "ranks" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a25c0178c022113e3c6e67baa91" PRIMARY KEY ("community_id"))`);
    await queryRunner.query(`ALTER TABLE "badges" ADD "title_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD "suspended_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD "suspended_reason" text`);
    await queryRunner.query(`CREATE INDEX "activity_community_id_subject_id_idx" ON "activity"  ("community_id", "subject_id") `);
    await queryRunner.query(`ALTER TABLE "badge_backfills" ADD CONSTRAINT "FK_9c0621ab7e12d6f9c3a3754f70b" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badge_backfills" ADD CONSTRAINT "FK_9f6ade7504dd8d6ec926e06b02c" FOREIGN KEY ("badge_id") REFERENCES "badges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perk_codes" ADD CONSTRAINT "FK_b8b9e13170bec635c4b61c0e72e" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perk_codes" ADD CONSTRAINT "FK_dd28ab92ab467a88df4914ddace" FOREIGN KEY ("perk_id") REFERENCES "perks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perk_codes" ADD CONSTRAINT "FK_7947d89d0835729fe512323f0aa" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perk_redemptions" ADD CONSTRAINT "FK_38979e63b6239c762ff7d8f3576" FOREIGN KEY ("perk_id") REFERENCES "perks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perk_redemptions" ADD CONSTRAINT "FK_c74a329ec125ef9830052db9955" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perk_redemptions" ADD CONSTRAINT "FK_44239a97225af5dae7f1d23b364" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perks" ADD CONSTRAINT "FK_01f923ca7730010a7e74cf20c52" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perks" ADD CONSTRAINT "FK_cc922c1b036031f3e43d411ecab" FOREIGN KEY ("badge_id") REFERENCES "badges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "perks" ADD CONSTRAINT "FK_9fe0ee1593fe5b16dd5d1a29815" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "recognition_settings" ADD CONSTRAINT "FK_a25c0178c022113e3c6e67baa91" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recognition_settings" DROP CONSTRAINT "FK_a25c0178c022113e3c6e67baa91"`);
    await queryRunner.query(`ALTER TABLE "perks" DROP CONSTRAINT "FK_9fe0ee1593fe5b16dd5d1a29815"`);
    await queryRunner.query(`ALTER TABLE "perks" DROP CONSTRAINT "FK_cc922c1b036031f3e43d411ecab"`);
    await queryRunner.query(`ALTER TABLE "perks" DROP CONSTRAINT "FK_01f923ca7730010a7e74cf20c52"`);
    await queryRunner.query(`ALTER TABLE "perk_redemptions" DROP CONSTRAINT "FK_44239a97225af5dae7f1d23b364"`);
    await queryRunner.query(`ALTER TABLE "perk_redemptions" DROP CONSTRAINT "FK_c74a329ec125ef9830052db9955"`);
    await queryRunner.query(`ALTER TABLE "perk_redemptions" DROP CONSTRAINT "FK_38979e63b6239c762ff7d8f3576"`);
    await queryRunner.query(`ALTER TABLE "perk_codes" DROP CONSTRAINT "FK_7947d89d0835729fe512323f0aa"`);
    await queryRunner.query(`ALTER TABLE "perk_codes" DROP CONSTRAINT "FK_dd28ab92ab467a88df4914ddace"`);
    await queryRunner.query(`ALTER TABLE "perk_codes" DROP CONSTRAINT "FK_b8b9e13170bec635c4b61c0e72e"`);
    await queryRunner.query(`ALTER TABLE "badge_backfills" DROP CONSTRAINT "FK_9f6ade7504dd8d6ec926e06b02c"`);
    await queryRunner.query(`ALTER TABLE "badge_backfills" DROP CONSTRAINT "FK_9c0621ab7e12d6f9c3a3754f70b"`);
    await queryRunner.query(`DROP INDEX "public"."activity_community_id_subject_id_idx"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "suspended_reason"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "suspended_at"`);
    await queryRunner.query(`ALTER TABLE "badges" DROP COLUMN "title_expires_at"`);
    await queryRunner.query(`DROP TABLE "recognition_settings"`);
    await queryRunner.query(`DROP INDEX "public"."perks_community_id_board_id_idx"`);
    await queryRunner.query(`DROP TABLE "perks"`);
    await queryRunner.query(`DROP TABLE "perk_redemptions"`);
    await queryRunner.query(`DROP INDEX "public"."perk_codes_perk_id_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."perk_codes_perk_id_user_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."perk_codes_free_idx"`);
    await queryRunner.query(`DROP TABLE "perk_codes"`);
    await queryRunner.query(`DROP INDEX "public"."badge_backfills_badge_id_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."badge_backfills_open_idx"`);
    await queryRunner.query(`DROP TABLE "badge_backfills"`);
    await queryRunner.query(`DELETE FROM "shown_titles" WHERE "title_id" LIKE 'rank:%'`);
    await queryRunner.query(`ALTER TABLE "shown_titles" RENAME COLUMN "title_id" TO "badge_id"`);
    await queryRunner.query(`ALTER TABLE "shown_titles" ALTER COLUMN "badge_id" TYPE uuid USING "badge_id"::uuid`);
    await queryRunner.query(`ALTER TABLE "shown_titles" ADD CONSTRAINT "FK_4a0c22a2ea84f3b22f9dc35f4ce" FOREIGN KEY ("badge_id") REFERENCES "badges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }
}
