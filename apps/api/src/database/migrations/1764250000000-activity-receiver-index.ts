import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reactions by the member who received them: the analytics consumer recounts a member's day for
 * every event, and found the reactions they received by scanning the whole community's activity of
 * that day (a live show's day grew it with every event, so the outbox slowed as the day went on).
 */
export class ActivityReceiverIndex1764250000000 implements MigrationInterface {
  name = 'ActivityReceiverIndex1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "activity_reaction_receiver_idx" ON "activity" ((data->>'receiverId'), "occurred_at") WHERE type IN ('reaction.added', 'reaction.removed')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "activity_reaction_receiver_idx"`);
  }
}
