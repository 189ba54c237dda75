import { Injectable } from '@nestjs/common';
import { rankChange } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import type { OutboxEvent } from '../activity/outbox-consumer';
import { PointsRepository } from './points.repository';
import { RecognitionSettingsRepository } from './recognition-settings.repository';

/**
 * Turns activity into ledger entries at the community's points per action: a thread and a reply
 * earn their author points, a reaction earns the receiver points (never for reacting to oneself)
 * and taking it back removes them, and a deleted post gives back what it earned. Entries are keyed
 * by their source activity, so a re-delivery adds nothing. A change that moves a member to another
 * rank is recorded as `rank.changed`.
 */
@Injectable()
export class PointsService {
  constructor(
    private readonly points: PointsRepository,
    private readonly settings: RecognitionSettingsRepository,
    private readonly activity: ActivityService,
  ) {}

  async record(event: OutboxEvent): Promise<void> {
    const communityId = event.communityId!;
    const base = { activityId: event.activityId, subjectId: event.subjectId };
    const table = (await this.settings.get(communityId)).points;
    switch (event.type) {
      case 'thread.created':
      case 'post.created':
        if (event.actorId) await this.give(event, { ...base, userId: event.actorId, points: event.type === 'thread.created' ? table.thread : table.reply, reason: event.type });
        return;
      case 'reaction.added':
      case 'reaction.removed': {
        const receiver = typeof event.data.receiverId === 'string' ? event.data.receiverId : null;
        if (!receiver || receiver === event.actorId) return;
        const added = event.type === 'reaction.added';
        await this.give(event, { ...base, userId: receiver, points: table.reactionReceived * (added ? 1 : -1), reason: added ? 'reaction.received' : 'reaction.withdrawn' });
        return;
      }
      case 'post.deleted':
        if (!event.subjectId) return;
        for (const earned of await this.points.earnedBy(communityId, event.subjectId)) {
          if (earned.points !== 0) await this.give(event, { ...base, userId: earned.userId, points: -earned.points, reason: 'post.deleted' });
        }
        return;
    }
  }

  private async give(event: OutboxEvent, entry: { userId: string; points: number; reason: string; activityId: string; subjectId: string | null }): Promise<void> {
    const communityId = event.communityId!;
    if (entry.points === 0 || !(await this.points.add(communityId, entry))) return;
    const after = await this.points.total(communityId, entry.userId);
    const change = rankChange(after - entry.points, after, (await this.settings.get(communityId)).ranks);
    if (!change) return;
    await this.activity.record({
      type: 'rank.changed',
      communityId,
      actorId: null,
      subject: { type: 'user', id: entry.userId },
      data: { userId: entry.userId, from: change.from.key, to: change.to.key, name: change.to.name, points: after },
    });
  }
}
