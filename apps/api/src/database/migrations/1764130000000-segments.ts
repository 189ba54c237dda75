import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CRM segments: saved rules over customers (generated from the entities). */
export class Segments1764130000000 implements MigrationInterface {
  name = 'Segments1764130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "crm_segments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "rule" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9735060bb1991200ec00ec2d213" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "crm_segments_community_id_name_key" ON "crm_segments"  ("community_id", "name") `);
    await queryRunner.query(`ALTER TABLE "crm_segments" ADD CONSTRAINT "FK_986cbd0e1fd40440a6a8288a9f0" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_segments" ADD CONSTRAINT "FK_4e32ee65887afc2308c642b4722" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crm_segments" DROP CONSTRAINT "FK_4e32ee65887afc2308c642b4722"`);
    await queryRunner.query(`ALTER TABLE "crm_segments" DROP CONSTRAINT "FK_986cbd0e1fd40440a6a8288a9f0"`);
    await queryRunner.query(`DROP INDEX "public"."crm_segments_community_id_name_key"`);
    await queryRunner.query(`DROP TABLE "crm_segments"`);
  }
}
