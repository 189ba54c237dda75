import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recognition: badges and their awards, live grants unique per badge, member and grant key (generated from the entities). */
export class Badges1764086400000 implements MigrationInterface {
  name = 'Badges1764086400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "badge_awards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "badge_id" uuid NOT NULL, "user_id" uuid NOT NULL, "grant_key" text NOT NULL DEFAULT '', "reason" text NOT NULL DEFAULT '', "awarded_by" uuid, "awarded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "revoke_reason" text, CONSTRAINT "PK_5fa679a182a2bd25a7be1ab1e6a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "badge_awards_community_id_user_id_idx" ON "badge_awards"  ("community_id", "user_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "badge_awards_live_key" ON "badge_awards"  ("badge_id", "user_id", "grant_key") WHERE revoked_at IS NULL`);
    await queryRunner.query(`CREATE TABLE "badges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "key" text NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "description_ja" text NOT NULL DEFAULT '', "description_en" text NOT NULL DEFAULT '', "icon" text NOT NULL, "tier" text NOT NULL, "grouping" text NOT NULL DEFAULT '', "rule" jsonb, "multiple" boolean NOT NULL DEFAULT false, "hidden_until_earned" boolean NOT NULL DEFAULT false, "title_ja" text, "title_en" text, "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a651318b8de577e8e217676466" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "badges_community_id_key_key" ON "badges"  ("community_id", "key")`);
    await queryRunner.query(`ALTER TABLE "badge_awards" ADD CONSTRAINT "FK_858a41c29455262b91e635f0006" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badge_awards" ADD CONSTRAINT "FK_50ae9b48ce0f30065696e268760" FOREIGN KEY ("badge_id") REFERENCES "badges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badge_awards" ADD CONSTRAINT "FK_714de92fcb44904d690081264cb" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badges" ADD CONSTRAINT "FK_1a26482c8146b2097d9ba2f7cd4" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "badges" DROP CONSTRAINT "FK_1a26482c8146b2097d9ba2f7cd4"`);
    await queryRunner.query(`ALTER TABLE "badge_awards" DROP CONSTRAINT "FK_714de92fcb44904d690081264cb"`);
    await queryRunner.query(`ALTER TABLE "badge_awards" DROP CONSTRAINT "FK_50ae9b48ce0f30065696e268760"`);
    await queryRunner.query(`ALTER TABLE "badge_awards" DROP CONSTRAINT "FK_858a41c29455262b91e635f0006"`);
    await queryRunner.query(`DROP INDEX "public"."badges_community_id_key_key"`);
    await queryRunner.query(`DROP TABLE "badges"`);
    await queryRunner.query(`DROP INDEX "public"."badge_awards_live_key"`);
    await queryRunner.query(`DROP INDEX "public"."badge_awards_community_id_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "badge_awards"`);
  }
}
