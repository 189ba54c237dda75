import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { BadgeEntity } from './badge.entity';

@Injectable()
export class BadgeRepository extends CommunityScopedRepository<BadgeEntity> {
  constructor(db: DatabaseService) {
    super(db, BadgeEntity);
  }

  listActive(communityId: string): Promise<BadgeEntity[]> {
    return this.query(communityId, 'b').andWhere('b.archivedAt IS NULL').orderBy('b.grouping', 'ASC').addOrderBy('b.createdAt', 'ASC').getMany();
  }

  /** Inserts unless the key is taken in this community (then `null`). */
  async insertIfKeyFree(communityId: string, values: Partial<BadgeEntity>): Promise<BadgeEntity | null> {
    const result = await this.repository.createQueryBuilder().insert().values({ ...values, communityId }).orIgnore().returning(['id']).execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? this.findOneBy(communityId, { id }) : null;
  }
}
