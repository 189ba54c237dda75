import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Ack, ClientToServerEvents, RoomName, ServerToClientEvents } from '@kizuna/contracts';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RateLimitService } from '../rate-limits/rate-limit.service';
import { RoomAccessService } from './room-access.service';
import { SocketLimiter } from './socket-limiter';

/** Kept on each socket; `user` travels between processes (fetchSockets), so it holds no more than names. */
interface SocketData {
  user: { id: string; displayName: string };
  limiter: SocketLimiter;
}

/** Between API processes: the reader count a process just announced for a room. */
interface ServerSideEvents {
  'kizuna:presence': (room: RoomName, count: number) => void;
}

export type KizunaServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
type KizunaSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

const KNOWN_EVENTS = new Set(['subscribe', 'unsubscribe', 'typing']);
/** A client's largest accepted payload (room names and typing pings are tiny). */
const MAX_PAYLOAD_BYTES = 2048;
const TYPING_INTERVAL_MS = 2000;
const PRESENCE_SWEEP_MS = 5000;
const PRESENCE_DEBOUNCE_MS = 250;

/**
 * The socket gateway at `/socket.io`. The handshake must carry a valid access token; each socket
 * joins `user:<id>` and may subscribe to community, board and thread rooms it is a member of.
 * Server events are emitted by the realtime outbox consumer, never by request handlers.
 */
// CORS and the origin check are the adapter's (socket-io.adapter.ts: CORS_ORIGINS).
@WebSocketGateway({ path: '/socket.io' })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() server!: KizunaServer;
  private readonly announced = new Map<RoomName, number>();
  private readonly pending = new Map<RoomName, NodeJS.Timeout>();
  private sweep?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly rooms: RoomAccessService,
    private readonly limits: RateLimitService,
  ) {}

  afterInit(server: KizunaServer): void {
    // Readers on a process that dies never say goodbye: recount the rooms this process serves now and then.
    this.sweep = setInterval(() => void this.recountLocalRooms(), PRESENCE_SWEEP_MS);
    this.sweep.unref();
    server.on('kizuna:presence', (room: RoomName, count: number) => this.remember(room, count));
    server.use(async (socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      const user = typeof token === 'string' ? await this.auth.accountForAccessToken(token).catch(() => null) : null;
      if (!user) return next(new Error('unauthorized: a valid access token is required in auth.token'));
      socket.data.user = { id: user.id, displayName: user.displayName };
      socket.data.limiter = new SocketLimiter();
      next();
    });
  }

  handleConnection(socket: KizunaSocket): void {
    void socket.join(`user:${socket.data.user.id}`);
    // Every client event passes here first: unknown events, oversized or malformed payloads and
    // floods get an error ack (when the client asked for one) and go no further.
    socket.use(([event, ...args], next) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (result: Ack) => void) : undefined;
      const refusal = !KNOWN_EVENTS.has(event)
        ? `unknown event ${String(event).slice(0, 40)}`
        : Buffer.byteLength(JSON.stringify(args) ?? '') > MAX_PAYLOAD_BYTES
          ? 'payload too large'
          : !socket.data.limiter.take()
            ? 'too many events: slow down'
            : null;
      if (refusal) {
        ack?.({ ok: false, error: refusal });
        return;
      }
      // The account's limit across its sockets and processes (a Redis round-trip with REDIS_URL):
      // typing pings count only when relayed (see typing), most are swallowed by its throttle first.
      if (event === 'typing') return next();
      void this.overAccountLimit(socket).then((limited) => (limited ? ack?.({ ok: false, error: limited }) : next()));
    });
    socket.on('subscribe', (payload, ack) => void this.subscribe(socket, payload, ack));
    socket.on('unsubscribe', (payload, ack) => void this.unsubscribe(socket, payload, ack));
    socket.on('typing', (payload, ack) => void this.typing(socket, payload, ack));
    socket.on('disconnecting', () => {
      const rooms = [...socket.rooms].filter(RoomAccessService.isRoom);
      setImmediate(() => rooms.forEach((room) => this.schedulePresence(room)));
    });
  }

  private async subscribe(socket: KizunaSocket, payload: unknown, ack: unknown): Promise<void> {
    const reply = typeof ack === 'function' ? (ack as (r: Ack) => void) : () => undefined;
    const room = (payload as { room?: unknown } | null)?.room;
    // The account as it is now (a removed account subscribes to nothing).
    const account = await this.auth.findAccount(socket.data.user.id);
    const refusal = account ? await this.rooms.refuse(room, account) : 'unauthorized';
    if (refusal) return reply({ ok: false, error: refusal });
    await socket.join(room as RoomName);
    reply({ ok: true });
    this.schedulePresence(room as RoomName);
  }

  private async unsubscribe(socket: KizunaSocket, payload: unknown, ack: unknown): Promise<void> {
    const reply = typeof ack === 'function' ? (ack as (r: Ack) => void) : () => undefined;
    const room = (payload as { room?: unknown } | null)?.room;
    if (!RoomAccessService.isRoom(room)) return reply({ ok: false, error: 'room must be community:<slug>, board:<id> or thread:<id>' });
    await socket.leave(room);
    reply({ ok: true });
    this.schedulePresence(room);
  }

  /** Why the account may send no more socket events now, or null when it may. */
  private async overAccountLimit(socket: KizunaSocket): Promise<string | null> {
    const verdict = await this.limits.consume('socket', { userId: socket.data.user.id });
    return verdict.allowed ? null : verdict.message!;
  }

  /** Ephemeral and throttled: relayed to the thread's other sockets, never stored. */
  private async typing(socket: KizunaSocket, payload: unknown, ack: unknown): Promise<void> {
    const reply = typeof ack === 'function' ? (ack as (r: Ack) => void) : () => undefined;
    const threadId = (payload as { threadId?: unknown } | null)?.threadId;
    const room = `thread:${String(threadId)}` as RoomName;
    if (typeof threadId !== 'string' || !socket.rooms.has(room)) return reply({ ok: false, error: 'subscribe to the thread first' });
    if (socket.data.limiter.typingTooSoon(threadId, TYPING_INTERVAL_MS)) return reply({ ok: true });
    const limited = await this.overAccountLimit(socket);
    if (limited) return reply({ ok: false, error: limited });
    const user = socket.data.user;
    socket.to(room).emit('typing', { threadId, user: { id: user.id, displayName: user.displayName } });
    reply({ ok: true });
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
    this.pending.forEach((timer) => clearTimeout(timer));
  }

  /** Coalesces a burst of joins and leaves into one count per room (counting asks every process). */
  private schedulePresence(room: RoomName): void {
    if (this.pending.has(room)) return;
    const timer = setTimeout(() => {
      this.pending.delete(room);
      void this.announcePresence(room);
    }, PRESENCE_DEBOUNCE_MS);
    timer.unref();
    this.pending.set(room, timer);
  }

  /** Who is in a room, counted across every API process (the adapter asks them all). */
  async announcePresence(room: RoomName, onlyIfChanged = false): Promise<void> {
    try {
      const sockets = await this.server.in(room).fetchSockets();
      const people = new Map(sockets.map((s) => [s.data.user.id, s.data.user.displayName]));
      if (onlyIfChanged && this.announced.get(room) === people.size) return;
      this.remember(room, people.size);
      this.server.to(room).emit('presence', { room, count: people.size, names: [...people.values()].slice(0, 20) });
      // Other processes learn what was announced, so their sweeps stay quiet unless it changes.
      if (this.config.redisUrl) this.server.serverSideEmit('kizuna:presence', room, people.size);
    } catch (error) {
      this.logger.warn({ err: error, room }, 'presence could not be counted');
    }
  }

  private remember(room: RoomName, count: number): void {
    if (count === 0) this.announced.delete(room);
    else this.announced.set(room, count);
  }

  private async recountLocalRooms(): Promise<void> {
    const local = [...this.server.of('/').adapter.rooms.keys()].filter(RoomAccessService.isRoom);
    for (const room of local) await this.announcePresence(room, true);
  }
}
