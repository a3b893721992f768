import { AuthModule, configureHttpApp } from '@po-sync/auth';
import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import { resyncMigrations } from './migrations';
import type { ResyncConfig } from './resync.config';
import { ResyncModule } from './resync.module';

export function startResync(config: ResyncConfig, logger: Logger): Promise<ServiceApp> {
  return startService({
    config,
    logger,
    entities: [],
    migrations: resyncMigrations,
    features: [
      AuthModule.forRoot({
        tokens: config.API_TOKENS,
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        rateLimitKeyPrefix: 'po-sync:resync:rate:',
      }),
      ResyncModule,
    ],
    configure: (app) =>
      configureHttpApp(app, {
        title: 'po-sync operator API',
        description:
          'Resync jobs, remedies and the audit log. Every route needs a bearer token with the operator role.',
        version: '1',
      }),
  });
}
