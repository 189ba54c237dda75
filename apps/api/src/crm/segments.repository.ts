import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { SegmentMemberEntity } from './segment-member.entity';
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

  /** Contacts in a segment when it was last evaluated. */
  async memberIds(communityId: string, segmentId: string): Promise<Set<string>> {
    const rows = await this.db.manager.find(SegmentMemberEntity, { where: { communityId, segmentId }, select: { contactId: true } });
    return new Set(rows.map((r) => r.contactId));
  }

  async setMembers(communityId: string, segmentId: string, entered: string[], left: string[]): Promise<void> {
    if (entered.length > 0) {
      await this.db.manager.createQueryBuilder().insert().into(SegmentMemberEntity).values(entered.map((contactId) => ({ communityId, segmentId, contactId }))).orIgnore().execute();
    }
    if (left.length > 0) await this.db.manager.delete(SegmentMemberEntity, { communityId, segmentId, contactId: In(left) });
  }

  /** Communities that have segments (the membership worker goes through them). */
  async communitiesWithSegments(): Promise<string[]> {
    const rows: Array<{ community_id: string }> = await this.db.manager.query(`SELECT DISTINCT community_id FROM crm_segments`);
    return rows.map((r) => r.community_id);
  }
}
