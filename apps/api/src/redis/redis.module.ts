import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createClient } from 'redis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');
/**
 * At boot a few quick retries, then a clear failure (a dead `REDIS_URL` is a configuration
 * problem); once connected, reconnect for as long as it takes. While disconnected, commands fail
 * at once (no offline queue): callers fall back (rate limits to memory, health says down) rather
 * than wait for Redis to return.
 */
function connect(url: string) {
  let connected = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries, cause) => (!connected && retries >= 3 ? cause : Math.min(100 * 2 ** retries, 3000)) },
  });
  client.once('ready', () => (connected = true));
  return client;
}
export type RedisClient = ReturnType<typeof connect>;

/** A Redis connection when `REDIS_URL` is set, `null` otherwise (single process, in-memory). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<RedisClient | null> => {
        if (!config.redisUrl) return null;
        const client = connect(config.redisUrl);
        client.on('error', () => undefined); // reconnects on its own; /api/health reports it
        await client.connect().catch((error: Error) => {
          throw new Error(`Redis at REDIS_URL is unreachable (${error.message})`);
        });
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) await this.redis.quit();
  }
}
