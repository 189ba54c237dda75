import { Injectable } from '@nestjs/common';
import { DEFAULT_POINTS } from '@kizuna/engagement';
import type { OutboxEvent } from '../activity/outbox-consumer';
import { PointsRepository } from './points.repository';

/**
 * Turns activity into ledger entries: a thread and a reply earn their author points, a reaction
 * earns the receiver a point (never for reacting to oneself) and taking it back removes it, and a
 * deleted post gives back what it earned. Entries are keyed by their source activity, so a
 * re-delivery adds nothing.
 */
@Injectable()
export class PointsService {
  constructor(private readonly points: PointsRepository) {}

  async record(event: OutboxEvent): Promise<void> {
    const communityId = event.communityId!;
    const base = { activityId: event.activityId, subjectId: event.subjectId };
    switch (event.type) {
      case 'thread.created':
      case 'post.created':
        if (event.actorId) await this.points.add(communityId, { ...base, userId: event.actorId, points: DEFAULT_POINTS[event.type], reason: event.type });
        return;
      case 'reaction.added':
      case 'reaction.removed': {
        const receiver = typeof event.data.receiverId === 'string' ? event.data.receiverId : null;
        if (!receiver || receiver === event.actorId) return;
        const points = DEFAULT_POINTS['reaction.received'] * (event.type === 'reaction.added' ? 1 : -1);
        await this.points.add(communityId, { ...base, userId: receiver, points, reason: event.type === 'reaction.added' ? 'reaction.received' : 'reaction.withdrawn' });
        return;
      }
      case 'post.deleted':
        if (!event.subjectId) return;
        for (const earned of await this.points.earnedBy(communityId, event.subjectId)) {
          if (earned.points !== 0) await this.points.add(communityId, { ...base, userId: earned.userId, points: -earned.points, reason: 'post.deleted' });
        }
        return;
    }
  }
}
