import { Injectable } from '@nestjs/common';
import { ladderProblems } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import type { RecognitionSettingsDto } from './dto/settings.dto';
import { type RecognitionSettings, RecognitionSettingsRepository } from './recognition-settings.repository';

@Injectable()
export class RecognitionSettingsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly settings: RecognitionSettingsRepository,
    private readonly activity: ActivityService,
  ) {}

  get(ctx: CommunityContext): Promise<RecognitionSettings> {
    return this.settings.get(ctx.community.id);
  }

  /** Saves points and ranks; a bad ladder is refused naming the rank (`ranks[1].min`). */
  async put(ctx: CommunityContext, input: RecognitionSettingsDto): Promise<RecognitionSettings> {
    const ranks = input.ranks.map((r) => ({ key: r.key, name: { ja: r.name.ja, en: r.name.en }, min: r.min, title: r.title ? { ja: r.title.ja, en: r.title.en } : null }));
    const problems = ladderProblems(ranks);
    if (problems.length > 0) {
      const field = /^(ranks\[\d+\]\.\w+)/.exec(problems[0])?.[1] ?? 'ranks';
      throw new DomainError('bad-request', 'INVALID_RANKS', problems.join('; '), field);
    }
    const settings = { points: { thread: input.points.thread, reply: input.points.reply, reactionReceived: input.points.reactionReceived }, ranks };
    const before = await this.settings.get(ctx.community.id);
    await this.db.transaction(async () => {
      await this.settings.save(ctx.community.id, settings);
      await this.activity.record({
        type: 'recognition.settings_updated',
        communityId: ctx.community.id,
        actorId: ctx.user!.id,
        subject: { type: 'community', id: ctx.community.id },
        data: { before, after: settings },
      });
    });
    return settings;
  }
}
