import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CRM: who is in each segment as last evaluated, so entering one is announced once (generated from the entities). */
export class SegmentMembers1764170000000 implements MigrationInterface {
  name = 'SegmentMembers1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "crm_segment_members" ("segment_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "community_id" uuid NOT NULL, "entered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_682734b42d60eb9d09a3022d536" PRIMARY KEY ("segment_id", "contact_id"))`);
    await queryRunner.query(`CREATE INDEX "crm_segment_members_community_id_idx" ON "crm_segment_members"  ("community_id") `);
    await queryRunner.query(`ALTER TABLE "crm_segment_members" ADD CONSTRAINT "FK_87e5430ace4007e27be542de079" FOREIGN KEY ("segment_id") REFERENCES "crm_segments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_segment_members" ADD CONSTRAINT "FK_5a7dad06aa85bcec760fd41d0b5" FOREIGN KEY ("contact_id") REFERENCES "crm_contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_segment_members" ADD CONSTRAINT "FK_8e48fbaf510fa222d5549025b23" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crm_segment_members" DROP CONSTRAINT "FK_8e48fbaf510fa222d5549025b23"`);
    await queryRunner.query(`ALTER TABLE "crm_segment_members" DROP CONSTRAINT "FK_5a7dad06aa85bcec760fd41d0b5"`);
    await queryRunner.query(`ALTER TABLE "crm_segment_members" DROP CONSTRAINT "FK_87e5430ace4007e27be542de079"`);
    await queryRunner.query(`DROP INDEX "public"."crm_segment_members_community_id_idx"`);
    await queryRunner.query(`DROP TABLE "crm_segment_members"`);
  }
}
