import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { LinkConflictEntity } from './link-conflict.entity';

@Injectable()
export class LinkConflictsRepository extends CommunityScopedRepository<LinkConflictEntity> {
  constructor(db: DatabaseService) {
    super(db, LinkConflictEntity);
  }

  open(communityId: string): Promise<LinkConflictEntity[]> {
    return this.find(communityId, { where: { resolvedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** Resolves open conflicts (one by id, or all of a contact); how many. */
  resolve(communityId: string, where: { id?: string; contactId?: string }, by: string): Promise<number> {
    return this.update(communityId, { ...where, resolvedAt: IsNull() }, { resolvedAt: new Date(), resolvedBy: by });
  }
}
