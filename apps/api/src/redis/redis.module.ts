import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createClient } from 'redis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');
const connect = (url: string) => createClient({ url });
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
        client.on('error', () => undefined); // reconnects on its own; health reports it
        await client.connect();
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
