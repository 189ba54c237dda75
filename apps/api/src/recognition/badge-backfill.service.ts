import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BackgroundLoop } from '../common/background-loop';
import { CommunitiesService } from '../communities/communities.service';
import { DatabaseService } from '../database/database.service';
import { BadgeBackfillEntity } from './badge-backfill.entity';
import { BadgeRepository } from './badge.repository';
import { RuleAwardsService } from './rule-awards.service';

const BATCH = 100;
const POLL_MS = 1000;

/**
 * Back-fills rule badges: a job per new or changed rule, worked a batch of members per transaction
 * (claimed with SKIP LOCKED, so several API processes share the work and a crash resumes after the
 * last committed batch). Awards are idempotent, so a member evaluated twice is granted once.
 */
@Injectable()
export class BadgeBackfillService implements OnApplicationShutdown {
  private readonly logger = new Logger(BadgeBackfillService.name);
  private readonly background = new BackgroundLoop('badge back-fill', POLL_MS, () => this.drain(), this.logger);

  constructor(
    private readonly db: DatabaseService,
    private readonly badges: BadgeRepository,
    private readonly ruleAwards: RuleAwardsService,
    private readonly communities: CommunitiesService,
  ) {}

  /** Queues a back-fill of a badge (in the caller's transaction). */
  async enqueue(communityId: string, badgeId: string): Promise<void> {
    const total = await this.communities.memberCount(communityId);
    await this.db.manager.insert(BadgeBackfillEntity, { communityId, badgeId, total });
    this.db.afterCommit(() => this.wake());
  }

  /** The latest back-fill of each of these badges. */
  async latest(communityId: string, badgeIds: string[]): Promise<Map<string, BadgeBackfillEntity>> {
    if (badgeIds.length === 0) return new Map();
    const rows = await this.db.manager
      .createQueryBuilder(BadgeBackfillEntity, 'j')
      .distinctOn(['j.badgeId'])
      .where('j.communityId = :communityId AND j.badgeId = ANY(:badgeIds)', { communityId, badgeIds })
      .orderBy('j.badgeId')
      .addOrderBy('j.createdAt', 'DESC')
      .getMany();
    return new Map(rows.map((r) => [r.badgeId, r]));
  }

  /** Works one batch of the oldest open job; returns whether there was one. */
  async runBatch(): Promise<boolean> {
    return this.db.transaction(async () => {
      const job = await this.db.manager
        .createQueryBuilder(BadgeBackfillEntity, 'j')
        .where(`j.status <> 'done'`)
        .orderBy('j.createdAt', 'ASC')
        .limit(1)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (!job) return false;
      const badge = await this.badges.findOneBy(job.communityId, { id: job.badgeId });
      const userIds = badge?.rule && !badge.archivedAt ? await this.communities.memberIdsAfter(job.communityId, job.afterUserId, BATCH) : [];
      const awarded = userIds.length > 0 ? await this.ruleAwards.evaluate(job.communityId, userIds, [badge!]) : 0;
      const finished = userIds.length < BATCH;
      await this.db.manager.update(BadgeBackfillEntity, { id: job.id }, {
        status: finished ? 'done' : 'running',
        done: Math.min(job.total, job.done + userIds.length),
        total: Math.max(job.total, job.done + userIds.length),
        awarded: job.awarded + awarded,
        afterUserId: userIds.at(-1) ?? job.afterUserId,
        startedAt: job.startedAt ?? new Date(),
        finishedAt: finished ? new Date() : null,
      });
      return true;
    });
  }

  /** Works every open job to the end (tests and the CLI). */
  async drain(): Promise<void> {
    while (await this.runBatch());
  }

  start(): void {
    this.background.start();
  }

  onApplicationShutdown(): Promise<void> | undefined {
    return this.background.stop();
  }

  private wake(): void {
    this.background.wake();
  }

}
