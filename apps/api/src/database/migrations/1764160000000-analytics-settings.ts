import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Analytics: per-community engagement weights and tiers (generated from the entities). */
export class AnalyticsSettings1764160000000 implements MigrationInterface {
  name = 'AnalyticsSettings1764160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "analytics_settings" ("community_id" uuid NOT NULL, "weights" jsonb NOT NULL, "tiers" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_179460655e2554ba2aaddda9147" PRIMARY KEY ("community_id"))`);
    await queryRunner.query(`ALTER TABLE "analytics_settings" ADD CONSTRAINT "FK_179460655e2554ba2aaddda9147" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "analytics_settings" DROP CONSTRAINT "FK_179460655e2554ba2aaddda9147"`);
    await queryRunner.query(`DROP TABLE "analytics_settings"`);
  }
}
