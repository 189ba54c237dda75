import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { NotificationEntity } from './notification.entity';

/** A person's own notifications: every query is scoped by the recipient. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly db: DatabaseService) {}

  private get repository() {
    return this.db.manager.getRepository(NotificationEntity);
  }

  async alreadyHas(userId: string, activityId: string): Promise<boolean> {
    const row = await this.repository.createQueryBuilder('n').where('n.userId = :userId AND :activityId = ANY(n.activityIds)', { userId, activityId }).getExists();
    return row;
  }

  /** The unread reaction notification of a post to bundle into, locked. */
  unreadReactionBundle(userId: string, postId: string): Promise<NotificationEntity | null> {
    return this.repository
      .createQueryBuilder('n')
      .where(`n.userId = :userId AND n.postId = :postId AND n.type = 'reaction' AND n.readAt IS NULL`, { userId, postId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async bundle(notification: NotificationEntity, actorId: string | null, activityId: string): Promise<void> {
    await this.repository.update(
      { id: notification.id },
      { count: notification.count + 1, actorId, activityIds: [...notification.activityIds, activityId], updatedAt: new Date() },
    );
  }

  insert(values: Omit<NotificationEntity, 'id' | 'createdAt' | 'updatedAt' | 'readAt' | 'count'>): Promise<NotificationEntity> {
    return this.repository.save(this.repository.create({ ...values, updatedAt: new Date() }));
  }

  /** Newest first (by last update), after a position. */
  page(userId: string, limit: number, after?: { updatedAt: Date; id: string }): Promise<NotificationEntity[]> {
    const query = this.repository
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId })
      .orderBy('n.updatedAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit);
    if (after) query.andWhere('(n.updatedAt, n.id) < (:updatedAt, :id)', after);
    return query.getMany();
  }

  /** Every notification of a person, oldest first (their data export). */
  allOf(userId: string): Promise<NotificationEntity[]> {
    return this.repository.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async deleteAllOf(userId: string): Promise<void> {
    await this.repository.delete({ userId });
  }

  unreadCount(userId: string): Promise<number> {
    return this.repository.createQueryBuilder('n').where('n.userId = :userId AND n.readAt IS NULL', { userId }).getCount();
  }

  async markRead(userId: string, ids: string[] | undefined): Promise<void> {
    const query = this.repository.createQueryBuilder().update().set({ readAt: () => 'now()' }).where('user_id = :userId AND read_at IS NULL', { userId });
    if (ids) query.andWhere('id = ANY(:ids)', { ids });
    await query.execute();
  }
}
