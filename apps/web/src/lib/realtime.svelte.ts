import { untrack } from 'svelte';
import { browser } from '$app/environment';
import type { ClientToServerEvents, RoomName, ServerToClientEvents } from '@kizuna/contracts';
import type { Socket } from 'socket.io-client';
import { refreshSession } from './api';
import { session } from './session.svelte';

type KizunaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type AnyHandler = (...args: never[]) => void;

/**
 * `off`: signed out (no socket); `connecting`: the first connection of this sign-in;
 * `connected`; `reconnecting`: the connection was lost and is being made again.
 */
export type ConnectionState = 'off' | 'connecting' | 'connected' | 'reconnecting';

/** The server relays one typing ping per thread per 2 s: sending more only costs bandwidth. */
const TYPING_INTERVAL_MS = 2000;

/** One holder of a room subscription: told each time the subscription is (re)established. */
interface Holder {
  onJoin?: () => void;
}

/**
 * The tab's one socket to the API (through this origin: server.js forwards `/socket.io`). It opens
 * when a signed-in page first asks for live events and closes on sign-out; it reconnects by itself,
 * with the newest access token, and subscribes again to every room still held.
 */
class Realtime {
  state = $state<ConnectionState>('off');

  #socket: KizunaSocket | null = null;
  #userId: string | null = null;
  /** The client library is loading for this sign-in (a plain field: pages' effects must not depend on it). */
  #opening = false;
  #connectedBefore = false;
  /** A refused handshake refreshes the session once; a second refusal gives up until the next sign-in. */
  #reauthorising = false;
  readonly #handlers = new Map<EventName, Set<AnyHandler>>();
  readonly #rooms = new Map<RoomName, Set<Holder>>();
  readonly #joined = new Set<RoomName>();
  readonly #reconnected = new Set<() => void>();
  readonly #typedAt = new Map<string, number>();

  constructor() {
    if (!browser) return;
    $effect.root(() => {
      $effect(() => {
        const userId = session.user?.id ?? null;
        untrack(() => this.#follow(userId));
      });
    });
  }

  /** Listens to a server event while the returned function has not been called. */
  on<E extends EventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    let handlers = this.#handlers.get(event);
    if (!handlers) this.#handlers.set(event, (handlers = new Set()));
    handlers.add(handler);
    this.#socket?.on(event, handler as never);
    this.#ensure();
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.#handlers.delete(event);
      this.#socket?.off(event, handler as never);
    };
  }

  /**
   * Subscribes to `room` until the returned function is called, again after every reconnect.
   * `onJoin` runs each time the server has confirmed it: the moment to fetch what may have been
   * missed. A refusal (not a member) is quiet: the page simply stays still.
   */
  room(name: RoomName, onJoin?: () => void): () => void {
    const holder: Holder = { onJoin };
    let holders = this.#rooms.get(name);
    if (!holders) {
      this.#rooms.set(name, (holders = new Set()));
      this.#subscribe(name);
    } else if (this.#joined.has(name) && onJoin) {
      queueMicrotask(onJoin);
    }
    holders.add(holder);
    this.#ensure();
    return () => {
      holders.delete(holder);
      // Let a page that gives a room up and takes it again in the same update keep it.
      queueMicrotask(() => {
        if (holders.size > 0 || this.#rooms.get(name) !== holders) return;
        this.#rooms.delete(name);
        this.#joined.delete(name);
        if (this.#socket?.connected) this.#socket.emit('unsubscribe', { room: name }, () => undefined);
      });
    };
  }

  /** Runs `callback` after each reconnect (not the first connection): the moment to refetch. */
  onReconnect(callback: () => void): () => void {
    this.#reconnected.add(callback);
    return () => this.#reconnected.delete(callback);
  }

  /** Tells the thread's other readers this one is typing; at most once every 2 s per thread. */
  typing(threadId: string): void {
    const now = Date.now();
    if (!this.#socket?.connected || !this.#joined.has(`thread:${threadId}`)) return;
    if (now - (this.#typedAt.get(threadId) ?? 0) < TYPING_INTERVAL_MS) return;
    this.#typedAt.set(threadId, now);
    this.#socket.emit('typing', { threadId });
  }

  #follow(userId: string | null): void {
    if (userId === this.#userId) return;
    this.#close();
    this.#userId = userId;
    this.#ensure();
  }

  /** Opens the socket when someone signed in is listening and none is open (or opening). */
  #ensure(): void {
    const userId = this.#userId;
    if (!userId || this.#socket || this.#opening) return;
    if (this.#handlers.size === 0 && this.#rooms.size === 0) return;
    this.#opening = true;
    this.state = 'connecting';
    // Loaded on demand: visitors who are not signed in never download the client.
    import('socket.io-client').then(
      ({ io }) => {
        if (this.#userId !== userId || this.#socket) return;
        this.#opening = false;
        this.#socket = this.#connect(io);
      },
      () => {
        // Offline before the client arrived: the next page that listens tries again.
        if (this.#userId !== userId) return;
        this.#opening = false;
        this.state = 'off';
      },
    );
  }

  #connect(io: typeof import('socket.io-client').io): KizunaSocket {
    const socket: KizunaSocket = io({
      path: '/socket.io',
      // Upgrades only: server.js forwards them, and long-polling would need sticky API processes.
      transports: ['websocket'],
      // Read at every attempt, so a reconnect carries the latest (refreshed) access token.
      auth: (send) => send({ token: session.accessToken ?? '' }),
      forceNew: true,
    });
    for (const [event, handlers] of this.#handlers) for (const handler of handlers) socket.on(event, handler as never);
    socket.on('connect', () => {
      const again = this.#connectedBefore;
      this.#connectedBefore = true;
      this.#reauthorising = false;
      this.state = 'connected';
      for (const room of this.#rooms.keys()) this.#subscribe(room);
      if (again) for (const callback of this.#reconnected) callback();
    });
    socket.on('disconnect', (reason) => {
      this.#joined.clear();
      if (reason === 'io client disconnect') return;
      this.state = 'reconnecting';
      // The server closed it: socket.io leaves reconnecting to the client.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      // Anything else (API down, network gone) is retried by socket.io itself.
      if (error.message.startsWith('unauthorized')) void this.#reauthorise(socket);
    });
    return socket;
  }

  /** The access token was refused (expired while offline, say): refresh the session once and retry. */
  async #reauthorise(socket: KizunaSocket): Promise<void> {
    if (this.#reauthorising) {
      this.#close();
      return;
    }
    this.#reauthorising = true;
    // A failed refresh that signs the visitor out closes the socket through #follow.
    if ((await refreshSession()) && this.#socket === socket) socket.connect();
  }

  #subscribe(room: RoomName): void {
    const socket = this.#socket;
    if (!socket?.connected) return;
    socket.emit('subscribe', { room }, (ack) => {
      if (!ack.ok || socket !== this.#socket) return;
      const holders = this.#rooms.get(room);
      // Given up while the server was checking membership.
      if (!holders) {
        socket.emit('unsubscribe', { room }, () => undefined);
        return;
      }
      this.#joined.add(room);
      for (const holder of holders) holder.onJoin?.();
    });
  }

  #close(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#joined.clear();
    this.#opening = false;
    this.#connectedBefore = false;
    this.#reauthorising = false;
    this.state = 'off';
    socket?.disconnect();
  }
}

export const realtime = new Realtime();
