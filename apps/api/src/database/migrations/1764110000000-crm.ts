import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CRM: customer records with consent and its history, orders with line items, CSV import jobs and saved mappings, identity-link conflicts (generated from the entities). */
export class Crm1764110000000 implements MigrationInterface {
  name = 'Crm1764110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "crm_consent_events" ("id" BIGSERIAL NOT NULL, "community_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "channel" text NOT NULL, "granted" boolean NOT NULL, "source" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ce2d6004496baa96770a8d4d2a4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "crm_consent_events_contact_id_at_idx" ON "crm_consent_events"  ("contact_id", "at") `);
    await queryRunner.query(`CREATE TABLE "crm_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "external_id" text NOT NULL, "email" text, "family_name" text NOT NULL DEFAULT '', "given_name" text NOT NULL DEFAULT '', "family_name_kana" text NOT NULL DEFAULT '', "given_name_kana" text NOT NULL DEFAULT '', "phone" text, "birth_date" date, "gender" text, "region" text, "customer_number" text, "attributes" jsonb NOT NULL DEFAULT '{}', "source" text NOT NULL DEFAULT '', "consent" jsonb NOT NULL DEFAULT '{}', "linked_user_id" uuid, "link_method" text, "linked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bb46ecfcdfc9e97ef0df2905d14" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "crm_contacts_community_id_linked_user_id_key" ON "crm_contacts"  ("community_id", "linked_user_id") WHERE linked_user_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "crm_contacts_community_id_customer_number_key" ON "crm_contacts"  ("community_id", "customer_number") WHERE customer_number IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "crm_contacts_community_id_email_idx" ON "crm_contacts"  ("community_id", "email") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "crm_contacts_community_id_external_id_key" ON "crm_contacts"  ("community_id", "external_id") `);
    await queryRunner.query(`CREATE TABLE "crm_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "file_name" text NOT NULL, "file_path" text NOT NULL, "encoding" text, "mapping" jsonb, "rows_total" integer NOT NULL DEFAULT '0', "rows_done" integer NOT NULL DEFAULT '0', "inserted" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "skipped" integer NOT NULL DEFAULT '0', "error_count" integer NOT NULL DEFAULT '0', "errors" jsonb NOT NULL DEFAULT '[]', "unmapped_columns" jsonb NOT NULL DEFAULT '[]', "failure" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_66f9cde494ba4202a4e52f38b80" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "crm_imports_community_id_created_at_idx" ON "crm_imports"  ("community_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "crm_imports_open_idx" ON "crm_imports"  ("created_at") WHERE status IN ('queued', 'running')`);
    await queryRunner.query(`CREATE TABLE "crm_import_mappings" ("community_id" uuid NOT NULL, "kind" text NOT NULL, "mapping" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a252d0a9a4f8037b44740994268" PRIMARY KEY ("community_id", "kind"))`);
    await queryRunner.query(`CREATE TABLE "crm_link_conflicts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "user_id" uuid NOT NULL, "method" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, CONSTRAINT "PK_af7f0026ec6a3d5153718aee551" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "crm_link_conflicts_community_id_open_idx" ON "crm_link_conflicts"  ("community_id", "created_at") WHERE resolved_at IS NULL`);
    await queryRunner.query(`CREATE TABLE "crm_orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "external_id" text NOT NULL, "purchased_at" TIMESTAMP WITH TIME ZONE NOT NULL, "amount" bigint NOT NULL, "currency" text NOT NULL, "line_items" jsonb NOT NULL DEFAULT '[]', "channel" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a0e680bd51f319b7602a9b99330" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "crm_orders_contact_id_purchased_at_idx" ON "crm_orders"  ("contact_id", "purchased_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "crm_orders_community_id_external_id_key" ON "crm_orders"  ("community_id", "external_id") `);
    await queryRunner.query(`ALTER TABLE "crm_consent_events" ADD CONSTRAINT "FK_996eb31a8ebc6479bd72d86bc1e" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_consent_events" ADD CONSTRAINT "FK_648718b23c4cbbf1e2435e77637" FOREIGN KEY ("contact_id") REFERENCES "crm_contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_contacts" ADD CONSTRAINT "FK_b02dad4a58fe66668f940c3585b" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_contacts" ADD CONSTRAINT "FK_60aa9513af0e8692dacdc7a9ea1" FOREIGN KEY ("linked_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_imports" ADD CONSTRAINT "FK_bc2f01d3f19cabebfadf7bfb85c" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_imports" ADD CONSTRAINT "FK_e93b3b0b83d182d46d2f4f49d64" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_import_mappings" ADD CONSTRAINT "FK_eb301fef8dadcdfce17cf4c1e84" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_link_conflicts" ADD CONSTRAINT "FK_3851cf2c6fb1708b37219533378" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_link_conflicts" ADD CONSTRAINT "FK_8d7ab91b1e2ed06833d015b1400" FOREIGN KEY ("contact_id") REFERENCES "crm_contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_link_conflicts" ADD CONSTRAINT "FK_440adaabdef21351291f938d93c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_orders" ADD CONSTRAINT "FK_0799fb1414c5a28c1864db72f38" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crm_orders" ADD CONSTRAINT "FK_d00853b58ad22d64eea0041e184" FOREIGN KEY ("contact_id") REFERENCES "crm_contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crm_orders" DROP CONSTRAINT "FK_d00853b58ad22d64eea0041e184"`);
    await queryRunner.query(`ALTER TABLE "crm_orders" DROP CONSTRAINT "FK_0799fb1414c5a28c1864db72f38"`);
    await queryRunner.query(`ALTER TABLE "crm_link_conflicts" DROP CONSTRAINT "FK_440adaabdef21351291f938d93c"`);
    await queryRunner.query(`ALTER TABLE "crm_link_conflicts" DROP CONSTRAINT "FK_8d7ab91b1e2ed06833d015b1400"`);
    await queryRunner.query(`ALTER TABLE "crm_link_conflicts" DROP CONSTRAINT "FK_3851cf2c6fb1708b37219533378"`);
    await queryRunner.query(`ALTER TABLE "crm_import_mappings" DROP CONSTRAINT "FK_eb301fef8dadcdfce17cf4c1e84"`);
    await queryRunner.query(`ALTER TABLE "crm_imports" DROP CONSTRAINT "FK_e93b3b0b83d182d46d2f4f49d64"`);
    await queryRunner.query(`ALTER TABLE "crm_imports" DROP CONSTRAINT "FK_bc2f01d3f19cabebfadf7bfb85c"`);
    await queryRunner.query(`ALTER TABLE "crm_contacts" DROP CONSTRAINT "FK_60aa9513af0e8692dacdc7a9ea1"`);
    await queryRunner.query(`ALTER TABLE "crm_contacts" DROP CONSTRAINT "FK_b02dad4a58fe66668f940c3585b"`);
    await queryRunner.query(`ALTER TABLE "crm_consent_events" DROP CONSTRAINT "FK_648718b23c4cbbf1e2435e77637"`);
    await queryRunner.query(`ALTER TABLE "crm_consent_events" DROP CONSTRAINT "FK_996eb31a8ebc6479bd72d86bc1e"`);
    await queryRunner.query(`DROP INDEX "public"."crm_orders_community_id_external_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."crm_orders_contact_id_purchased_at_idx"`);
    await queryRunner.query(`DROP TABLE "crm_orders"`);
    await queryRunner.query(`DROP INDEX "public"."crm_link_conflicts_community_id_open_idx"`);
    await queryRunner.query(`DROP TABLE "crm_link_conflicts"`);
    await queryRunner.query(`DROP TABLE "crm_import_mappings"`);
    await queryRunner.query(`DROP INDEX "public"."crm_imports_open_idx"`);
    await queryRunner.query(`DROP INDEX "public"."crm_imports_community_id_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "crm_imports"`);
    await queryRunner.query(`DROP INDEX "public"."crm_contacts_community_id_external_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."crm_contacts_community_id_email_idx"`);
    await queryRunner.query(`DROP INDEX "public"."crm_contacts_community_id_customer_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."crm_contacts_community_id_linked_user_id_key"`);
    await queryRunner.query(`DROP TABLE "crm_contacts"`);
    await queryRunner.query(`DROP INDEX "public"."crm_consent_events_contact_id_at_idx"`);
    await queryRunner.query(`DROP TABLE "crm_consent_events"`);
  }
}
