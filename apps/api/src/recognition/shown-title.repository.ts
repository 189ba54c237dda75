import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { ShownTitleEntity } from './shown-title.entity';

@Injectable()
export class ShownTitleRepository extends CommunityScopedRepository<ShownTitleEntity> {
  constructor(db: DatabaseService) {
    super(db, ShownTitleEntity);
  }

  async choose(communityId: string, userId: string, titleId: string | null): Promise<void> {
    if (titleId === null) {
      await this.repository.delete({ communityId, userId });
      return;
    }
    await this.repository.upsert({ communityId, userId, titleId }, ['communityId', 'userId']);
  }

  async shownBy(communityId: string, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.query(communityId, 's').andWhere('s.userId = ANY(:userIds)', { userIds }).getMany();
    return new Map(rows.map((r) => [r.userId, r.titleId]));
  }
}
