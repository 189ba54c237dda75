import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows written in bulk (an import's order.placed events, up to one per row of a million-row
 * file) are dispatched after the others: live replies and reactions no longer queue behind them.
 * The pending index leads with the flag, in the dispatcher's claim order.
 */
export class OutboxBulk1764260000000 implements MigrationInterface {
  name = 'OutboxBulk1764260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "bulk" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`DROP INDEX "outbox_pending_idx"`);
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox" ("bulk", "available_at", "id") WHERE processed_at IS NULL AND parked_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "outbox_pending_idx"`);
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox" ("available_at", "id") WHERE processed_at IS NULL AND parked_at IS NULL`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "bulk"`);
  }
}
