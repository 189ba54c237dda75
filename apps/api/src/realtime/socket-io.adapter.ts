import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io for the API: with `REDIS_URL`, rooms span every API process through the Redis adapter
 * (a post committed on one process reaches sockets on all); without it, one process, in memory.
 */
export class KizunaIoAdapter extends IoAdapter {
  private clients: Array<{ isOpen: boolean; quit(): Promise<unknown> }> = [];
  private redisAdapter?: ReturnType<typeof createAdapter>;

  constructor(app: INestApplicationContext) {
    super(app);
  }

  async connectRedis(url: string): Promise<void> {
    const pub = createClient({ url });
    const sub = pub.duplicate();
    pub.on('error', () => undefined);
    sub.on('error', () => undefined);
    await Promise.all([pub.connect(), sub.connect()]);
    this.clients = [pub, sub];
    this.redisAdapter = createAdapter(pub, sub, { requestsTimeout: 3000 });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      // Client payloads are small (room names, typing pings); anything larger is refused.
      maxHttpBufferSize: 64 * 1024,
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
