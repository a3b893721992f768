import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { NestPinoLogger } from './logger';

export interface ServiceApp {
  app: INestApplication;
  /** The port actually bound (useful when HTTP_PORT=0 in tests). */
  port: number;
}

/** Builds the Nest application with pino logging and graceful shutdown, and starts HTTP. */
export async function startServiceApp(
  module: DynamicModule,
  options: { logger: Logger; port: number; configure?: (app: INestApplication) => void },
): Promise<ServiceApp> {
  const app = await NestFactory.create(module, {
    logger: new NestPinoLogger(options.logger),
    bodyParser: true,
    abortOnError: false,
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  options.configure?.(app);
  await app.listen(options.port, '0.0.0.0');
  const server = app.getHttpServer() as { address(): { port: number } | string | null };
  const address = server.address();
  return { app, port: typeof address === 'object' && address ? address.port : options.port };
}

/**
 * The process entry point of every service: a start-up failure (bad configuration, a database,
 * Redis or Kafka that cannot be reached) is one clear log line and exit code 1, not a stack dump.
 */
export function runService(name: string, start: () => Promise<ServiceApp>, logger: Logger): void {
  start().then(
    ({ port }) =>
      logger.info(
        { port },
        `${name} is up on http://localhost:${port} (health: /health/ready, metrics: /metrics)`,
      ),
    (error: unknown) => {
      logger.fatal(
        { err: error },
        `${name} could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 200).unref();
    },
  );
}
