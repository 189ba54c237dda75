import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { ReadCache } from '../database/read-cache';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { PerkCodeEntity } from './perk-code.entity';
import { PerkRedemptionEntity } from './perk-redemption.entity';
import { PerkEntity } from './perk.entity';

export interface PerkCounts {
  codesTotal: number;
  codesLeft: number;
  redemptions: number;
}

@Injectable()
export class PerksRepository extends CommunityScopedRepository<PerkEntity> {
  /**
   * Board perks per community, read on every board, thread and post request (members-only boards),
   * kept 2 s: a perk made here is seen at once, by other API processes within that time.
   */
  private readonly boardPerkCache: ReadCache<{ perks: PerkEntity[] }>;

  constructor(db: DatabaseService) {
    super(db, PerkEntity);
    this.boardPerkCache = new ReadCache(db, 2_000, 1_000);
  }

  list(communityId: string): Promise<PerkEntity[]> {
    return this.find(communityId, { order: { createdAt: 'ASC' } });
  }

  /** The perks that make a board members-only. */
  async boardPerks(communityId: string): Promise<PerkEntity[]> {
    const cached = await this.boardPerkCache.get(communityId, async () => ({ perks: (await this.list(communityId)).filter((p) => p.kind === 'board' && p.boardId) }));
    return cached!.perks;
  }

  override async insert(communityId: string, values: Partial<PerkEntity>): Promise<PerkEntity> {
    this.boardPerkCache.forget((key) => key === communityId);
    return super.insert(communityId, values);
  }

  /** Whether a board belongs to the community (a board perk may only name its own boards). */
  async boardInCommunity(communityId: string, boardId: string): Promise<boolean> {
    assertCommunityId(communityId);
    const rows = await this.db.manager.query(`SELECT 1 FROM boards WHERE id = $1 AND community_id = $2`, [boardId, communityId]);
    return rows.length > 0;
  }

  async counts(communityId: string): Promise<Map<string, PerkCounts>> {
    assertCommunityId(communityId);
    const rows: Array<{ id: string; codes_total: number; codes_left: number; redemptions: number }> = await this.db.manager.query(
      `SELECT p.id,
              (SELECT count(*)::int FROM perk_codes c WHERE c.perk_id = p.id) AS codes_total,
              (SELECT count(*)::int FROM perk_codes c WHERE c.perk_id = p.id AND c.user_id IS NULL) AS codes_left,
              (SELECT count(*)::int FROM perk_redemptions r WHERE r.perk_id = p.id) AS redemptions
         FROM perks p WHERE p.community_id = $1`,
      [communityId],
    );
    return new Map(rows.map((r) => [r.id, { codesTotal: r.codes_total, codesLeft: r.codes_left, redemptions: r.redemptions }]));
  }

  /** Adds codes to a pool, skipping ones it already has; returns how many were new. */
  async addCodes(communityId: string, perkId: string, codes: string[]): Promise<number> {
    assertCommunityId(communityId);
    const result = await this.db.manager
      .createQueryBuilder()
      .insert()
      .into(PerkCodeEntity)
      .values(codes.map((code) => ({ communityId, perkId, code })))
      .orIgnore()
      .returning(['id'])
      .execute();
    return result.raw.length;
  }

  /**
   * Records a member's redemption; whether it is their first. A concurrent second call waits on the
   * primary key until the first commits, then finds it: one redemption per member and perk.
   */
  async redeem(communityId: string, perkId: string, userId: string): Promise<boolean> {
    assertCommunityId(communityId);
    const result = await this.db.manager.createQueryBuilder().insert().into(PerkRedemptionEntity).values({ communityId, perkId, userId }).orIgnore().returning(['perk_id']).execute();
    return result.raw.length > 0;
  }

  /** Gives the member a free code of the pool (each code to one member); null when none is left. */
  async giveCode(communityId: string, perkId: string, userId: string): Promise<string | null> {
    assertCommunityId(communityId);
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [Array<{ code: string }>, number] = await this.db.manager.query(
      `UPDATE perk_codes SET user_id = $3, given_at = now()
        WHERE id = (SELECT id FROM perk_codes WHERE perk_id = $2 AND community_id = $1 AND user_id IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING code`,
      [communityId, perkId, userId],
    );
    return rows[0]?.code ?? null;
  }

  /** The codes and redemption times members hold, by perk. */
  async mine(communityId: string, userId: string): Promise<Map<string, { code: string | null; redeemedAt: Date }>> {
    assertCommunityId(communityId);
    const rows: Array<{ perk_id: string; code: string | null; redeemed_at: Date }> = await this.db.manager.query(
      `SELECT r.perk_id, c.code, r.redeemed_at
         FROM perk_redemptions r LEFT JOIN perk_codes c ON c.perk_id = r.perk_id AND c.user_id = r.user_id
        WHERE r.community_id = $1 AND r.user_id = $2`,
      [communityId, userId],
    );
    return new Map(rows.map((r) => [r.perk_id, { code: r.code, redeemedAt: new Date(r.redeemed_at) }]));
  }
}
