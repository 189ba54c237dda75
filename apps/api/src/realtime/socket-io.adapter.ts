import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { createFallbackAdapter } from './redis-fallback.adapter';

/**
 * socket.io for the API: with `REDIS_URL`, rooms span every API process through the Redis adapter
 * (a post committed on one process reaches sockets on all; while Redis is down, the sockets of this
 * process still hear what happens here); without it, one process, in memory.
 * A handshake from a browser origin outside CORS_ORIGINS is refused (403); clients that send no
 * Origin (servers, bots with a token) are not browsers and pass to the token check.
 */
export class KizunaIoAdapter extends IoAdapter {
  private clients: Array<{ isOpen: boolean; quit(): Promise<unknown> }> = [];
  private redisAdapter?: ReturnType<typeof createFallbackAdapter>;

  constructor(
    app: INestApplicationContext,
    private readonly allowedOrigins: readonly string[],
  ) {
    super(app);
  }

  async connectRedis(url: string): Promise<void> {
    // Commands fail at once while disconnected (the adapter then stays local) instead of queueing.
    const pub = createClient({ url, disableOfflineQueue: true });
    const sub = pub.duplicate();
    pub.on('error', () => undefined);
    sub.on('error', () => undefined);
    await Promise.all([pub.connect(), sub.connect()]);
    this.clients = [pub, sub];
    this.redisAdapter = createFallbackAdapter(pub, sub, { requestsTimeout: 3000 });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      // Client payloads are small (room names, typing pings); anything larger closes the connection.
      maxHttpBufferSize: 16 * 1024,
      cors: { origin: [...this.allowedOrigins], credentials: true },
      allowRequest: (request: IncomingMessage, done: (error: string | null, success: boolean) => void) => {
        const origin = request.headers.origin;
        const allowed = origin === undefined || this.allowedOrigins.includes(origin);
        done(allowed ? null : 'origin not allowed', allowed);
      },
    });
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.clients.filter((c) => c.isOpen).map((c) => c.quit().catch(() => undefined)));
    this.clients = [];
  }
}
