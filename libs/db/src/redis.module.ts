import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthRegistry } from '@po-sync/observability';
import Redis from 'ioredis';

export { Redis };

export class RedisUnavailableError extends Error {
  constructor(host: string, cause: unknown) {
    super(
      `Redis is not reachable at ${host} (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Start it (e.g. `redis-server --daemonize yes --port 6379`) or set REDIS_URL.',
    );
    this.name = 'RedisUnavailableError';
  }
}

/** Connects once at start-up so a missing Redis is a clear start-up error, then reconnects by itself. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', () => undefined); // reconnection is automatic; readiness reports the outage
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(new URL(url).host, error);
  }
  return redis;
}

@Global()
@Module({})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    private readonly health: HealthRegistry,
  ) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: Redis, useFactory: () => connectRedis(url) }],
      exports: [Redis],
    };
  }

  onModuleInit(): void {
    this.health.register({
      name: 'redis',
      check: async () => {
        if (this.redis.status !== 'ready') throw new Error(`redis connection is ${this.redis.status}`);
        await this.redis.ping();
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
