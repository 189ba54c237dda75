import { Injectable } from '@nestjs/common';
import type { RoomName, ServerToClientEvents } from '@kizuna/contracts';
import { RealtimeGateway } from './realtime.gateway';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** How other modules reach sockets: by room or by user, on every API process. */
@Injectable()
export class RealtimeService {
  constructor(private readonly gateway: RealtimeGateway) {}

  toRooms<E extends EventName>(rooms: RoomName[], event: E, payload: Payload<E>): void {
    (this.gateway.server.to(rooms).emit as (e: E, p: Payload<E>) => boolean)(event, payload);
  }

  toUser<E extends EventName>(userId: string, event: E, payload: Payload<E>): void {
    (this.gateway.server.to(`user:${userId}`).emit as (e: E, p: Payload<E>) => boolean)(event, payload);
  }
}
