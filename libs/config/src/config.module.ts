import { type DynamicModule, Global, Module } from '@nestjs/common';

/** Injection token of the service's validated, frozen configuration object. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

@Global()
@Module({})
export class ServiceConfigModule {
  static forRoot(config: object): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
