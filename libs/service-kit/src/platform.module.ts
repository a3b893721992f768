import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { type BaseServiceConfig, ServiceConfigModule } from '@po-sync/config';
import { ALL_TOPICS } from '@po-sync/contracts';
import { DatabaseModule, type DataSourceOptions, RedisModule } from '@po-sync/db';
import { KafkaModule } from '@po-sync/kafka';
import { ObservabilityModule, type ServiceApp, startServiceApp } from '@po-sync/observability';
import type { Logger } from 'pino';

export interface PlatformOptions {
  config: BaseServiceConfig;
  logger: Logger;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
}

/**
 * What every po-sync service stands on: its frozen config, pino logs, health and metrics, its own
 * migrated database, Redis and Kafka (every topic of the contracts created with its partitions).
 */
@Module({})
export class PlatformModule {
  static forRoot({ config, logger, entities, migrations }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: config.SERVICE_NAME, logger }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, entities, migrations }),
        RedisModule.forRoot(config.REDIS_URL),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          service: config.SERVICE_NAME,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          topics: ALL_TOPICS,
        }),
      ],
    };
  }
}

/** Builds `AppModule` = platform + the service's own feature modules, and starts it. */
export function startService(
  options: PlatformOptions & {
    features: DynamicModule['imports'];
    configure?: (app: INestApplication) => void;
  },
): Promise<ServiceApp> {
  @Module({})
  class AppModule {}
  const module: DynamicModule = {
    module: AppModule,
    imports: [PlatformModule.forRoot(options), ...(options.features ?? [])],
  };
  return startServiceApp(module, {
    logger: options.logger,
    port: options.config.HTTP_PORT,
    configure: options.configure,
  });
}
