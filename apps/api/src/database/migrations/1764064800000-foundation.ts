import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, communities and memberships, boards, and the activity spine (activity + outbox).
 * Table DDL generated from the entities (`npm run migration:diff`); the extension and the
 * immutability trigger of `activity` are hand-written.
 */
export class Foundation1764064800000 implements MigrationInterface {
  name = 'Foundation1764064800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE TABLE "activity" ("id" BIGSERIAL NOT NULL, "community_id" uuid, "actor_id" uuid, "type" text NOT NULL, "subject_type" text, "subject_id" text, "data" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "activity_actor_id_occurred_at_idx" ON "activity"  ("actor_id", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "activity_community_id_occurred_at_idx" ON "activity"  ("community_id", "occurred_at")`);
    await queryRunner.query(`CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "activity_id" bigint NOT NULL, "event_type" text NOT NULL, "done_consumers" text array NOT NULL DEFAULT '{}', "attempts" integer NOT NULL DEFAULT '0', "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "processed_at" TIMESTAMP WITH TIME ZONE, "parked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_activity_id_key" ON "outbox"  ("activity_id")`);
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("available_at", "id") WHERE processed_at IS NULL AND parked_at IS NULL`);
    await queryRunner.query(`CREATE TABLE "email_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" text NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_08abb3fa348e894c274a6730d35" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "email_tokens_user_id_idx" ON "email_tokens"  ("user_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "email_tokens_token_hash_key" ON "email_tokens"  ("token_hash")`);
    await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "rotated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"  ("user_id")`);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"  ("family_id")`);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "email_verified_at" TIMESTAMP WITH TIME ZONE, "locale" text NOT NULL DEFAULT 'ja', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email")`);
    await queryRunner.query(`CREATE TABLE "boards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_606923b0b068ef262dfdcd18f44" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "boards_community_id_position_idx" ON "boards"  ("community_id", "position")`);
    await queryRunner.query(`CREATE TABLE "communities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "time_zone" text NOT NULL DEFAULT 'Asia/Tokyo', "default_locale" text NOT NULL DEFAULT 'ja', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fea1fe83c86ccde9d0a089e7ea2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "communities_slug_key" ON "communities"  ("slug")`);
    await queryRunner.query(`CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL DEFAULT 'member', "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "memberships_user_id_idx" ON "memberships"  ("user_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "memberships_community_id_user_id_key" ON "memberships"  ("community_id", "user_id")`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD CONSTRAINT "FK_fc78824179d7fac21a686b3865e" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "email_tokens" ADD CONSTRAINT "FK_018295f41628791c301bfe8b625" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "boards" ADD CONSTRAINT "FK_174a05626ddc2c01556220fa33a" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD CONSTRAINT "FK_5c1ee6007d9085076697a48dea0" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE FUNCTION activity_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'activity is immutable: % refused', TG_OP;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER activity_immutable BEFORE UPDATE OR DELETE ON "activity" FOR EACH ROW EXECUTE FUNCTION activity_is_immutable()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER activity_immutable ON "activity"`);
    await queryRunner.query(`DROP FUNCTION activity_is_immutable()`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_5c1ee6007d9085076697a48dea0"`);
    await queryRunner.query(`ALTER TABLE "boards" DROP CONSTRAINT "FK_174a05626ddc2c01556220fa33a"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`ALTER TABLE "email_tokens" DROP CONSTRAINT "FK_018295f41628791c301bfe8b625"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP CONSTRAINT "FK_fc78824179d7fac21a686b3865e"`);
    await queryRunner.query(`DROP INDEX "public"."memberships_community_id_user_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."memberships_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP INDEX "public"."communities_slug_key"`);
    await queryRunner.query(`DROP TABLE "communities"`);
    await queryRunner.query(`DROP INDEX "public"."boards_community_id_position_idx"`);
    await queryRunner.query(`DROP TABLE "boards"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_family_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."email_tokens_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."email_tokens_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "email_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_activity_id_key"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."activity_community_id_occurred_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."activity_actor_id_occurred_at_idx"`);
    await queryRunner.query(`DROP TABLE "activity"`);
  }
}
