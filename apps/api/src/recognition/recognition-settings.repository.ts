import { Injectable } from '@nestjs/common';
import { DEFAULT_POINTS, DEFAULT_RANKS, type PointsTable, type RankStep } from '@kizuna/engagement';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { RecognitionSettingsEntity } from './recognition-settings.entity';

export interface RecognitionSettings {
  points: PointsTable;
  ranks: RankStep[];
}

@Injectable()
export class RecognitionSettingsRepository extends CommunityScopedRepository<RecognitionSettingsEntity> {
  constructor(db: DatabaseService) {
    super(db, RecognitionSettingsEntity);
  }

  /** The community's settings, the defaults where it has none. */
  async get(communityId: string): Promise<RecognitionSettings> {
    const row = await this.findOneBy(communityId, {});
    return { points: row?.points ?? { ...DEFAULT_POINTS }, ranks: row?.ranks ?? [...DEFAULT_RANKS] };
  }

  async save(communityId: string, settings: RecognitionSettings): Promise<void> {
    await this.repository.upsert({ communityId, ...settings }, ['communityId']);
  }
}
