import { type RedisAdapterOptions, RedisAdapter } from '@socket.io/redis-adapter';
import type { BroadcastOptions, Room } from 'socket.io-adapter';

type Namespace = ConstructorParameters<typeof RedisAdapter>[0];
type Packet = Parameters<RedisAdapter['broadcast']>[0];

const localOnly = (opts: BroadcastOptions): BroadcastOptions => ({ ...opts, flags: { ...opts.flags, local: true } });

/**
 * The Redis adapter, falling back to this process alone while Redis is unreachable: events reach
 * the sockets connected here, presence counts the sockets here, and nothing waits on (or queues
 * for) a Redis that is not there. Once the clients have reconnected (they resubscribe on their own),
 * events span every process again.
 */
export class RedisFallbackAdapter extends RedisAdapter {
  private get redisDown(): boolean {
    return !(this.pubClient as { isReady: boolean }).isReady;
  }

  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    super.broadcast(packet, this.redisDown ? localOnly(opts) : opts);
  }

  override broadcastWithAck(packet: Packet, opts: BroadcastOptions, clientCountCallback: (clientCount: number) => void, ack: (...args: unknown[]) => void): void {
    super.broadcastWithAck(packet, this.redisDown ? localOnly(opts) : opts, clientCountCallback, ack);
  }

  override fetchSockets(opts: BroadcastOptions): Promise<unknown[]> {
    return super.fetchSockets(this.redisDown ? localOnly(opts) : opts);
  }

  override addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.addSockets(this.redisDown ? localOnly(opts) : opts, rooms);
  }

  override delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.delSockets(this.redisDown ? localOnly(opts) : opts, rooms);
  }

  override disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    super.disconnectSockets(this.redisDown ? localOnly(opts) : opts, close);
  }

  /** Messages for the other processes: none can be reached while Redis is down. */
  override serverSideEmit(packet: unknown[]): void {
    if (!this.redisDown) super.serverSideEmit(packet);
  }

  override serverCount(): Promise<number> {
    return this.redisDown ? Promise.resolve(1) : super.serverCount();
  }
}

/** `createAdapter` of @socket.io/redis-adapter, with the fallback above (socket.io calls it with `new`). */
export function createFallbackAdapter(pubClient: unknown, subClient: unknown, opts?: Partial<RedisAdapterOptions>): (nsp: Namespace) => RedisFallbackAdapter {
  return function adapter(nsp: Namespace) {
    return new RedisFallbackAdapter(nsp, pubClient, subClient, opts);
  };
}
