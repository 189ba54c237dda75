import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Privacy rights: erased accounts, members and customer records, and each community's policy for erased members' posts (generated from the entities). */
export class Privacy1764190000000 implements MigrationInterface {
  name = 'Privacy1764190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "communities" ADD "erased_posts_policy" text NOT NULL DEFAULT 'anonymise'`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "crm_contacts" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crm_contacts" DROP COLUMN "erased_at"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "erased_at"`);
    await queryRunner.query(`ALTER TABLE "communities" DROP COLUMN "erased_posts_policy"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "erased_at"`);
  }
}
