import { Injectable } from '@nestjs/common';
import type { RoomName } from '@kizuna/contracts';
import type { UserEntity } from '../auth/user.entity';
import { BoardAccessService } from '../boards/board-access.service';
import { CommunitiesService } from '../communities/communities.service';

const ROOM = /^(community|board|thread):([a-z0-9-]{3,40}|[0-9a-f-]{36})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a user may listen to a room: members of the community it belongs to only. */
@Injectable()
export class RoomAccessService {
  constructor(
    private readonly communities: CommunitiesService,
    private readonly boards: BoardAccessService,
  ) {}

  /** `null` when allowed, otherwise the reason. */
  async refuse(room: unknown, user: UserEntity): Promise<string | null> {
    if (typeof room !== 'string') return 'room must be a string';
    const match = ROOM.exec(room);
    if (!match) return 'room must be community:<slug>, board:<id> or thread:<id>';
    const [, kind, id] = match;
    if (kind !== 'community' && !UUID.test(id)) return 'not found';
    try {
      const { membership } =
        kind === 'community'
          ? await this.communities.access(id, user)
          : kind === 'board'
            ? (await this.boards.board(id, user)).ctx
            : (await this.boards.thread(id, user)).ctx;
      return membership ? null : 'join this community first';
    } catch {
      return 'not found';
    }
  }

  static isRoom(room: unknown): room is RoomName {
    return typeof room === 'string' && ROOM.test(room);
  }
}
