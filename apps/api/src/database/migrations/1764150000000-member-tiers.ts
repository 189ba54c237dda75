import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Analytics: each member's last computed engagement tier, to record tier changes once (generated from the entities). */
export class MemberTiers1764150000000 implements MigrationInterface {
  name = 'MemberTiers1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "analytics_member_tiers" ("community_id" uuid NOT NULL, "user_id" uuid NOT NULL, "tier" text NOT NULL, "score" real NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_efc7bc76690e870667bd054859c" PRIMARY KEY ("community_id", "user_id"))`);
    await queryRunner.query(`ALTER TABLE "analytics_member_tiers" ADD CONSTRAINT "FK_c2f79f484045a2a24ffc6fc109b" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "analytics_member_tiers" DROP CONSTRAINT "FK_c2f79f484045a2a24ffc6fc109b"`);
    await queryRunner.query(`DROP TABLE "analytics_member_tiers"`);
  }
}
