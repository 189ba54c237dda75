import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #9. Search: GIN indexes over each title's and post's characters and character pairs
 * (`search_grams`), so one- and two-character Japanese queries are indexed too, which trigrams could
 * not do; they replace the trigram indexes. Posts get a newest-first index per community, for search
 * ranked by recency. Recognition: `member_points`, each member's running total, kept by a statement
 * trigger on the ledger in the inserting transaction (and backfilled here); the ledger by subject
 * (reversing a deleted post); and an index for the badge and rank events of a member's profile.
 */
export class SearchGramsMemberPoints1764230000000 implements MigrationInterface {
  name = 'SearchGramsMemberPoints1764230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Every character and every pair of adjacent characters of the lower-cased text (as ILIKE compares them).
    await queryRunner.query(`CREATE FUNCTION search_grams(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        c text[] := string_to_array(lower(t), NULL);
        n int := coalesce(cardinality(c), 0);
        grams text[] := '{}';
      BEGIN
        FOR i IN 1 .. n LOOP
          grams := grams || c[i];
          IF i < n THEN grams := grams || (c[i] || c[i + 1]); END IF;
        END LOOP;
        RETURN grams;
      END $$`);
    // What a text containing q must contain: q's character pairs, or its one character.
    await queryRunner.query(`CREATE FUNCTION search_query_grams(q text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        c text[] := string_to_array(lower(q), NULL);
        n int := coalesce(cardinality(c), 0);
        grams text[] := '{}';
      BEGIN
        IF n = 1 THEN RETURN c; END IF;
        FOR i IN 1 .. n - 1 LOOP grams := grams || (c[i] || c[i + 1]); END LOOP;
        RETURN grams;
      END $$`);
    await queryRunner.query(`DROP INDEX "public"."posts_body_text_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "public"."threads_title_trgm_idx"`);
    await queryRunner.query(`CREATE INDEX "posts_body_text_grams_idx" ON "posts" USING gin (search_grams("body_text"))`);
    await queryRunner.query(`CREATE INDEX "threads_title_grams_idx" ON "threads" USING gin (search_grams("title"))`);
    await queryRunner.query(`CREATE INDEX "posts_community_id_created_at_idx" ON "posts" ("community_id", "created_at") `);

    // What a deleted post earned is found by its subject (it was a scan of the whole ledger).
    await queryRunner.query(`CREATE INDEX "points_ledger_community_id_subject_id_idx" ON "points_ledger" ("community_id", "subject_id") `);
    await queryRunner.query(`CREATE TABLE "member_points" ("community_id" uuid NOT NULL, "user_id" uuid NOT NULL, "total" integer NOT NULL, CONSTRAINT "PK_member_points" PRIMARY KEY ("community_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "member_points_rank_idx" ON "member_points" ("community_id", "total" DESC, "user_id")`);
    await queryRunner.query(`ALTER TABLE "member_points" ADD CONSTRAINT "FK_a651e97505eb13c1a4acca524e6" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`INSERT INTO member_points (community_id, user_id, total) SELECT community_id, user_id, sum(points) FROM points_ledger GROUP BY community_id, user_id`);
    // One upsert per statement (a bulk insert adds its sums at once); the ledger is append-only.
    await queryRunner.query(`CREATE FUNCTION member_points_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO member_points (community_id, user_id, total)
        SELECT community_id, user_id, sum(points) FROM added GROUP BY community_id, user_id ORDER BY community_id, user_id
        ON CONFLICT (community_id, user_id) DO UPDATE SET total = member_points.total + excluded.total;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER points_ledger_totals AFTER INSERT ON "points_ledger" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION member_points_add()`);

    await queryRunner.query(`CREATE INDEX "activity_recognition_user_idx" ON "activity" ("community_id", (data->>'userId'), "id") WHERE type IN ('badge.awarded', 'rank.changed')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."activity_recognition_user_idx"`);
    await queryRunner.query(`DROP TRIGGER points_ledger_totals ON "points_ledger"`);
    await queryRunner.query(`DROP FUNCTION member_points_add()`);
    await queryRunner.query(`DROP INDEX "public"."member_points_rank_idx"`);
    await queryRunner.query(`DROP TABLE "member_points"`);
    await queryRunner.query(`DROP INDEX "public"."points_ledger_community_id_subject_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."posts_community_id_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."threads_title_grams_idx"`);
    await queryRunner.query(`DROP INDEX "public"."posts_body_text_grams_idx"`);
    await queryRunner.query(`CREATE INDEX "threads_title_trgm_idx" ON "threads" USING gin ("title" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "posts_body_text_trgm_idx" ON "posts" USING gin ("body_text" gin_trgm_ops)`);
    await queryRunner.query(`DROP FUNCTION search_query_grams(text)`);
    await queryRunner.query(`DROP FUNCTION search_grams(text)`);
  }
}
