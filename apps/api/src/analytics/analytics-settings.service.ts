import { Injectable } from '@nestjs/common';
import { ACTIVITY_TYPES } from '@kizuna/contracts';
import { tierProblems } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { AnalyticsCache } from './analytics-cache';
import { AnalyticsSettingsRepository, type EngagementSettings } from './analytics-settings.repository';
import type { AnalyticsSettingsDto } from './dto/analytics.dto';

const KNOWN = new Set<string>(ACTIVITY_TYPES);

/** Per-community engagement weights and tier thresholds (defaults from libs/engagement). */
@Injectable()
export class AnalyticsSettingsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly settings: AnalyticsSettingsRepository,
    private readonly activity: ActivityService,
    private readonly cache: AnalyticsCache,
  ) {}

  get(ctx: CommunityContext): Promise<EngagementSettings> {
    return this.cache.get(ctx.community.id, 'settings', () => this.settings.get(ctx.community.id));
  }

  /** Saves weights and tiers; scores and tiers use them from now on (tier changes are noticed at each member's next activity). */
  async put(ctx: CommunityContext, input: AnalyticsSettingsDto): Promise<EngagementSettings> {
    const unknown = Object.keys(input.weights).filter((type) => !KNOWN.has(type));
    if (unknown.length > 0) throw new DomainError('bad-request', 'VALIDATION_FAILED', `weights names unknown activity types: ${unknown.join(', ')}`, 'weights');
    const bad = Object.entries(input.weights).filter(([, w]) => typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 100);
    if (bad.length > 0) throw new DomainError('bad-request', 'VALIDATION_FAILED', `weights must be numbers from 0 to 100 (${bad.map(([k]) => k).join(', ')})`, 'weights');
    const tiers = input.tiers.map((t) => ({ key: t.key, name: { ja: t.name.ja, en: t.name.en }, min: t.min }));
    const problems = tierProblems(tiers);
    if (problems.length > 0) {
      const field = /^(tiers\[\d+\]\.\w+)/.exec(problems[0])?.[1] ?? 'tiers';
      throw new DomainError('bad-request', 'INVALID_TIERS', problems.join('; '), field);
    }
    const settings = { weights: { ...input.weights }, tiers };
    await this.db.transaction(async () => {
      await this.settings.save(ctx.community.id, settings);
      await this.activity.record({ type: 'analytics.settings_updated', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'community', id: ctx.community.id }, data: settings });
    });
    // The manager who changed them sees the effect at once (other processes within the cache's TTL).
    this.cache.invalidate(ctx.community.id);
    return settings;
  }
}
