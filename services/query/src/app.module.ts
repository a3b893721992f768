import { AuthModule, configureHttpApp } from '@po-sync/auth';
import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import { queryMigrations } from './migrations';
import type { QueryConfig } from './query.config';
import { QueryModule } from './query.module';

export function startQuery(config: QueryConfig, logger: Logger): Promise<ServiceApp> {
  return startService({
    config,
    logger,
    entities: [],
    migrations: queryMigrations,
    features: [
      AuthModule.forRoot({
        tokens: config.API_TOKENS,
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        rateLimitKeyPrefix: 'po-sync:query:rate:',
      }),
      QueryModule,
    ],
    configure: (app) =>
      configureHttpApp(app, {
        title: 'po-sync workspace API',
        description:
          'The Project Operations integration workspace, read-only: summary tiles, the expense and vendor invoice ' +
          'line grids, out-of-sync actuals, journals, discrepancies, the document sync view, the troubleshooting ' +
          'logs and dual-write map versions. Every route needs a bearer token with the viewer (or operator) role.',
        version: '1',
      }),
  });
}
