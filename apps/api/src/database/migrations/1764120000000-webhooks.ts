import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhooks: endpoints per community with their signing secrets, and the delivery queue and log (generated from the entities). */
export class Webhooks1764120000000 implements MigrationInterface {
  name = 'Webhooks1764120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "webhook_id" uuid NOT NULL, "activity_id" bigint NOT NULL, "event_type" text NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_status_code" integer, "last_error" text, "response_excerpt" text, "attempt_log" jsonb NOT NULL DEFAULT '[]', "replay_of_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries"  ("next_attempt_at") WHERE status IN ('pending', 'failed')`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_webhook_id_created_at_idx" ON "webhook_deliveries"  ("webhook_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_activity_id_key" ON "webhook_deliveries"  ("webhook_id", "activity_id") WHERE replay_of_id IS NULL`);
    await queryRunner.query(`CREATE TABLE "webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "url" text NOT NULL, "events" text array NOT NULL, "description" text NOT NULL DEFAULT '', "active" boolean NOT NULL DEFAULT true, "secret" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhooks_community_id_created_at_idx" ON "webhooks"  ("community_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_86eb44b401b9aff3350ae05eea3" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhooks" ADD CONSTRAINT "FK_775817d67dcb5a6e4c6d110680c" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhooks" ADD CONSTRAINT "FK_eb68180d7bcb926c84b0cafb447" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "FK_eb68180d7bcb926c84b0cafb447"`);
    await queryRunner.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "FK_775817d67dcb5a6e4c6d110680c"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_86eb44b401b9aff3350ae05eea3"`);
    await queryRunner.query(`DROP INDEX "public"."webhooks_community_id_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "webhooks"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_webhook_id_activity_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_webhook_id_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_due_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
  }
}
