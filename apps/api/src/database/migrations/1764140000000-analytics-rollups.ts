import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Analytics rollups: member-days and thread first answers (generated from the entities). */
export class AnalyticsRollups1764140000000 implements MigrationInterface {
  name = 'AnalyticsRollups1764140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "analytics_member_days" ("community_id" uuid NOT NULL, "user_id" uuid NOT NULL, "day" date NOT NULL, "threads" integer NOT NULL DEFAULT '0', "replies" integer NOT NULL DEFAULT '0', "reactions" integer NOT NULL DEFAULT '0', "reactions_received" integer NOT NULL DEFAULT '0', "active" boolean NOT NULL DEFAULT false, "counts" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_8f8392ab858c90dc66c09a12d39" PRIMARY KEY ("community_id", "user_id", "day"))`);
    await queryRunner.query(`CREATE INDEX "analytics_member_days_community_id_day_idx" ON "analytics_member_days"  ("community_id", "day") `);
    await queryRunner.query(`CREATE TABLE "analytics_threads" ("thread_id" uuid NOT NULL, "community_id" uuid NOT NULL, "board_id" uuid NOT NULL, "author_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_reply_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5e77b0092b829ab35a8e50ac815" PRIMARY KEY ("thread_id"))`);
    await queryRunner.query(`CREATE INDEX "analytics_threads_community_id_created_at_idx" ON "analytics_threads"  ("community_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "analytics_member_days" ADD CONSTRAINT "FK_425e9997d1fb4051829bc3b2ec4" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "analytics_threads" ADD CONSTRAINT "FK_b6f780882f203c7f96c5eeb7d8f" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "analytics_threads" DROP CONSTRAINT "FK_b6f780882f203c7f96c5eeb7d8f"`);
    await queryRunner.query(`ALTER TABLE "analytics_member_days" DROP CONSTRAINT "FK_425e9997d1fb4051829bc3b2ec4"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_threads_community_id_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "analytics_threads"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_member_days_community_id_day_idx"`);
    await queryRunner.query(`DROP TABLE "analytics_member_days"`);
  }
}
