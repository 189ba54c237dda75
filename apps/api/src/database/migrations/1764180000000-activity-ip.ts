import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Audit: the client address of the request behind each activity (generated from the entities). */
export class ActivityIp1764180000000 implements MigrationInterface {
  name = 'ActivityIp1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "activity" ADD "ip" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "activity" DROP COLUMN "ip"`);
  }
}
