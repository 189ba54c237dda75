import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recognition: the points ledger (one entry per member, source activity and reason) and shown titles (generated from the entities). */
export class Points1764090000000 implements MigrationInterface {
  name = 'Points1764090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "points_ledger" ("id" BIGSERIAL NOT NULL, "community_id" uuid NOT NULL, "user_id" uuid NOT NULL, "points" integer NOT NULL, "reason" text NOT NULL, "activity_id" bigint NOT NULL, "subject_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1894c07f712716bfe637e82cc05" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "points_ledger_community_id_created_at_idx" ON "points_ledger"  ("community_id", "created_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "points_ledger_source_key" ON "points_ledger"  ("user_id", "activity_id", "reason")`);
    await queryRunner.query(`CREATE TABLE "shown_titles" ("community_id" uuid NOT NULL, "user_id" uuid NOT NULL, "badge_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b73c9a7f13e03daf6112833e99" PRIMARY KEY ("community_id", "user_id"))`);
    await queryRunner.query(`ALTER TABLE "points_ledger" ADD CONSTRAINT "FK_f5a19f6a20a6ea905d8d1ca75c3" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shown_titles" ADD CONSTRAINT "FK_4384df7bea982d4fc6e45be7cec" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shown_titles" ADD CONSTRAINT "FK_4a0c22a2ea84f3b22f9dc35f4ce" FOREIGN KEY ("badge_id") REFERENCES "badges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "shown_titles" DROP CONSTRAINT "FK_4a0c22a2ea84f3b22f9dc35f4ce"`);
    await queryRunner.query(`ALTER TABLE "shown_titles" DROP CONSTRAINT "FK_4384df7bea982d4fc6e45be7cec"`);
    await queryRunner.query(`ALTER TABLE "points_ledger" DROP CONSTRAINT "FK_f5a19f6a20a6ea905d8d1ca75c3"`);
    await queryRunner.query(`DROP TABLE "shown_titles"`);
    await queryRunner.query(`DROP INDEX "public"."points_ledger_source_key"`);
    await queryRunner.query(`DROP INDEX "public"."points_ledger_community_id_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "points_ledger"`);
  }
}
