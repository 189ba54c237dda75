import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { SegmentEntity } from './segment.entity';

@Injectable()
export class SegmentsRepository extends CommunityScopedRepository<SegmentEntity> {
  constructor(db: DatabaseService) {
    super(db, SegmentEntity);
  }

  list(communityId: string): Promise<SegmentEntity[]> {
    return this.find(communityId, { order: { createdAt: 'ASC' } });
  }

  /** Inserts unless the name is taken in this community (then `null`). */
  async insertIfNameFree(communityId: string, values: Pick<SegmentEntity, 'name' | 'description' | 'rule' | 'createdBy'>): Promise<SegmentEntity | null> {
    const row = { ...values, communityId } as Partial<SegmentEntity> as never; // the rule's values are JSON of any shape
    const result = await this.repository.createQueryBuilder().insert().values(row).orIgnore().returning('id').execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? this.findOneBy(communityId, { id }) : null;
  }

  async remove(communityId: string, id: string): Promise<number> {
    const result = await this.repository.delete({ communityId, id });
    return result.affected ?? 0;
  }
}
