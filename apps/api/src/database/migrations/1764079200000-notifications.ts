import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications: replies, mentions, bundled reactions (generated from the entity). */
export class Notifications1764079200000 implements MigrationInterface {
  name = 'Notifications1764079200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "community_id" uuid NOT NULL, "type" text NOT NULL, "actor_id" uuid, "count" integer NOT NULL DEFAULT '1', "thread_id" uuid, "post_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "activity_ids" bigint array NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "notifications_user_id_updated_at_idx" ON "notifications"  ("user_id", "updated_at", "id")`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_6b7088e778848840b7c6d0e5683" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_6b7088e778848840b7c6d0e5683"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_user_id_updated_at_idx"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
