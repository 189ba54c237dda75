import { Injectable } from '@nestjs/common';
import { DEFAULT_ENGAGEMENT_WEIGHTS, DEFAULT_TIERS, type EngagementTier } from '@kizuna/engagement';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { AnalyticsSettingsEntity } from './analytics-settings.entity';

export interface EngagementSettings {
  weights: Record<string, number>;
  tiers: EngagementTier[];
}

@Injectable()
export class AnalyticsSettingsRepository extends CommunityScopedRepository<AnalyticsSettingsEntity> {
  constructor(db: DatabaseService) {
    super(db, AnalyticsSettingsEntity);
  }

  async get(communityId: string): Promise<EngagementSettings> {
    const row = await this.findOneBy(communityId, {});
    return { weights: row?.weights ?? { ...DEFAULT_ENGAGEMENT_WEIGHTS }, tiers: row?.tiers ?? [...DEFAULT_TIERS] };
  }

  async save(communityId: string, settings: EngagementSettings): Promise<void> {
    await this.repository.upsert({ communityId, ...settings }, ['communityId']);
  }
}
