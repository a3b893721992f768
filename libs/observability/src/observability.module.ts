import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { HealthRegistry } from './health';
import { createMetricsRegistry } from './metrics';
import { ObservabilityController } from './observability.controller';

export const LOGGER = Symbol('LOGGER');

@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: { service: string; logger: Logger }): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [ObservabilityController],
      providers: [
        HealthRegistry,
        { provide: Registry, useFactory: () => createMetricsRegistry(options.service) },
        { provide: LOGGER, useValue: options.logger },
      ],
      exports: [HealthRegistry, Registry, LOGGER],
    };
  }
}
