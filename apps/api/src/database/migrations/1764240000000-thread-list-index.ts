import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A board's thread list reads pinned threads first, then newest first: the index now has that
 * order ((pinned_at IS NOT NULL), created_at, id), so a page — first or behind a deep cursor — is a
 * short index scan instead of a sort of the whole board.
 */
export class ThreadListIndex1764240000000 implements MigrationInterface {
  name = 'ThreadListIndex1764240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "threads_board_list_idx" ON "threads" ("board_id", ("pinned_at" IS NOT NULL), "created_at", "id")`);
    await queryRunner.query(`DROP INDEX "threads_board_id_created_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "threads_board_id_created_idx" ON "threads" ("board_id", "created_at", "id")`);
    await queryRunner.query(`DROP INDEX "threads_board_list_idx"`);
  }
}
