import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LOGGER } from '@po-sync/observability';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { HttpErrorFilter } from './http-errors';
import { RequestValidationError } from './zod-validation.pipe';

export interface HttpAppOptions {
  /** OpenAPI document title, description and version shown at /docs. */
  title: string;
  description: string;
  version: string;
  /** Largest JSON or form body accepted; larger → 413. Default 256kb (the APIs take small commands). */
  bodyLimit?: string;
  /** Cross-origin requests are refused unless a browser client on another origin needs them. */
  cors?: boolean;
  /** Defaults to the LOGGER of ObservabilityModule. */
  logger?: Logger;
}

/**
 * The HTTP edge shared by the query and resync services: body limits, one JSON error format,
 * OpenAPI at /docs. Pass as `startService({ …, configure: (app) => configureHttpApp(app, {…}) })`;
 * it runs before the app listens, which is when body parsers and global filters must be set.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const expressApp = app as NestExpressApplication;
  const limit = options.bodyLimit ?? '256kb';
  // Registered before Nest's defaults (100kb), which it then skips.
  expressApp.useBodyParser('json', { limit });
  expressApp.useBodyParser('urlencoded', { limit, extended: true });
  // Nest would answer malformed JSON with the parser's message, which quotes part of the body.
  expressApp.use((error: unknown, _request: Request, _response: Response, next: NextFunction) => {
    const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
    next(type === 'entity.parse.failed' ? new RequestValidationError(['body is not valid JSON']) : error);
  });
  expressApp.disable('x-powered-by');
  if (options.cors) app.enableCors();

  const logger = options.logger ?? app.get<Logger>(LOGGER, { strict: false });
  app.useGlobalFilters(new HttpErrorFilter(logger));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion(options.version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API token (see API_TOKENS)' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
