import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { BoardEntity } from './board.entity';

@Injectable()
export class BoardRepository extends CommunityScopedRepository<BoardEntity> {
  constructor(db: DatabaseService) {
    super(db, BoardEntity);
  }

  listOrdered(communityId: string): Promise<BoardEntity[]> {
    return this.find(communityId, { order: { position: 'ASC', createdAt: 'ASC' } });
  }

  async nextPosition(communityId: string): Promise<number> {
    const row = await this.query(communityId, 'b').select('coalesce(max(b.position) + 1, 0)', 'next').getRawOne<{ next: number }>();
    return Number(row?.next ?? 0);
  }
}
