import {
  type ArgumentsHost,
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError, HttpErrorFilter, INTERNAL_ERROR_MESSAGE, toErrorResponse } from './http-errors';
import { describeZodIssues, RequestValidationError, ZodValidationPipe } from './zod-validation.pipe';

const tooLarge = Object.assign(new Error('request entity too large'), {
  status: 413,
  statusCode: 413,
  expose: true,
  type: 'entity.too.large',
  limit: 262144,
});

class JournalBusy extends Error {
  readonly code = 'JOURNAL.BUSY';
  readonly httpStatus = 503;
}

describe('toErrorResponse', () => {
  it.each([
    [
      'an HttpException with a message',
      new ForbiddenException('this route needs the operator role'),
      403,
      { statusCode: 403, error: 'Forbidden', message: 'this route needs the operator role' },
    ],
    [
      "Nest's 404",
      new NotFoundException('Cannot GET /v1/nope'),
      404,
      { statusCode: 404, error: 'Not Found', message: 'Cannot GET /v1/nope' },
    ],
    [
      'an HttpException with a string body',
      new HttpException('slow down', 429),
      429,
      { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
    ],
    [
      'an HttpException with a message list',
      new BadRequestException(['a is wrong', 'b is wrong']),
      400,
      { statusCode: 400, error: 'Bad Request', message: 'a is wrong; b is wrong' },
    ],
    [
      'an ApiError',
      new ApiError(
        409,
        'RESYNC.SCOPE_BUSY',
        'a resync job for scope actuals is already running: wait for job 42',
      ),
      409,
      {
        statusCode: 409,
        error: 'Conflict',
        message: 'a resync job for scope actuals is already running: wait for job 42',
        code: 'RESYNC.SCOPE_BUSY',
      },
    ],
    [
      "a service's own error class with code and httpStatus",
      new JournalBusy('the journal is being posted'),
      503,
      {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'the journal is being posted',
        code: 'JOURNAL.BUSY',
      },
    ],
    [
      'a request validation error',
      new RequestValidationError(['body.scope is required', 'body.ids must be an array, not a string']),
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'body.scope is required; body.ids must be an array, not a string',
      },
    ],
    [
      "the body parser's 413",
      tooLarge,
      413,
      {
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'the request body is larger than the limit of 262144 bytes',
      },
    ],
    [
      'a bare ZodError (our own data failing its schema, not the request)',
      z.object({ a: z.string() }).safeParse({}).error,
      500,
      { statusCode: 500, error: 'Internal Server Error', message: INTERNAL_ERROR_MESSAGE },
    ],
    [
      'an unknown error',
      new Error('connection to 10.0.0.5 refused, password=hunter2'),
      500,
      { statusCode: 500, error: 'Internal Server Error', message: INTERNAL_ERROR_MESSAGE },
    ],
    [
      'a thrown string',
      'oops',
      500,
      { statusCode: 500, error: 'Internal Server Error', message: INTERNAL_ERROR_MESSAGE },
    ],
    [
      'a pg error (code but no httpStatus)',
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      500,
      { statusCode: 500, error: 'Internal Server Error', message: INTERNAL_ERROR_MESSAGE },
    ],
  ])('maps %s', (_label, exception, status, body) => {
    const response = toErrorResponse(exception);
    expect(response.status).toBe(status);
    expect(response.body).toEqual(body);
    expect(response.log).toBe(status >= 500);
  });

  it('tells a 401 which scheme to use', () => {
    expect(toErrorResponse(new UnauthorizedException('x')).headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="po-sync"',
    });
  });
});

describe('HttpErrorFilter', () => {
  function run(exception: unknown) {
    const logger = { error: jest.fn() };
    const response = {
      headersSent: false,
      headers: {} as Record<string, string>,
      statusCode: 0,
      body: undefined as unknown,
      setHeader(name: string, value: string) {
        this.headers[name] = value;
      },
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      json(body: unknown) {
        this.body = body;
      },
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ method: 'POST', path: '/v1/x' }),
        getResponse: () => response,
      }),
    } as unknown as ArgumentsHost;
    new HttpErrorFilter(logger as unknown as Logger).catch(exception, host);
    return { logger, response };
  }

  it('logs an unexpected error and answers a generic 500', () => {
    const error = new Error('secret internals');
    const { logger, response } = run(error);
    expect(response.statusCode).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret internals');
    expect(logger.error).toHaveBeenCalledWith(
      { err: error, method: 'POST', path: '/v1/x', status: 500 },
      'HTTP request failed',
    );
  });

  it('answers a client error without logging it', () => {
    const { logger, response } = run(new UnauthorizedException('no'));
    expect(response.statusCode).toBe(401);
    expect(response.headers['WWW-Authenticate']).toBe('Bearer realm="po-sync"');
    expect(logger.error).not.toHaveBeenCalled();
  });
});

describe('describeZodIssues', () => {
  const schema = z
    .object({
      scope: z.enum(['out-of-sync-actuals', 'actuals', 'transaction-connections', 'documents']),
      ids: z.array(z.string().min(1)).max(2).optional(),
      dryRun: z.boolean().default(false),
      limit: z.number().int().min(1).max(500).optional(),
      from: z.string().date().optional(),
      legalEntity: z
        .string()
        .regex(/^[A-Z0-9]{2,8}$/, 'must be a legal entity code such as USMF')
        .optional(),
      kind: z.literal('job').optional(),
    })
    .strict();

  it.each([
    [
      { scope: 'everything' },
      'body.scope must be one of out-of-sync-actuals, actuals, transaction-connections, documents',
    ],
    [{}, 'body.scope is required'],
    [{ scope: 'actuals', ids: 'A-1' }, 'body.ids must be an array, not a string'],
    [{ scope: 'actuals', ids: ['A-1', ''] }, 'body.ids[1] must be at least 1 characters long'],
    [{ scope: 'actuals', ids: ['a', 'b', 'c'] }, 'body.ids must have at most 2 items'],
    [{ scope: 'actuals', dryRun: 'yes' }, 'body.dryRun must be a boolean, not a string'],
    [{ scope: 'actuals', limit: 0 }, 'body.limit must be at least 1'],
    [{ scope: 'actuals', from: '31/01/2026' }, 'body.from must be a valid date'],
    [{ scope: 'actuals', legalEntity: 'usmf' }, 'body.legalEntity must be a legal entity code such as USMF'],
    [{ scope: 'actuals', kind: 'task' }, 'body.kind must be "job"'],
    [{ scope: 'actuals', colour: 'red' }, 'body has unknown fields: colour'],
  ])('%j → %s', (value, expected) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    expect(describeZodIssues(result.error!, 'body')).toEqual([expected]);
  });

  it('never quotes the value a client sent', () => {
    const result = schema.safeParse({ scope: 'DROP TABLE', limit: 'lots' });
    const text = describeZodIssues(result.error!, 'body').join('; ');
    expect(text).not.toMatch(/DROP TABLE|lots/);
  });
});

describe('ZodValidationPipe', () => {
  const pipe = new ZodValidationPipe(z.object({ view: z.enum(['all', 'reconciled']).default('all') }));

  it('returns the parsed value with defaults', () => {
    expect(pipe.transform({}, { type: 'query' })).toEqual({ view: 'all' });
  });

  it.each([
    [{ type: 'query' } as const, 'query.view must be one of all, reconciled'],
    [{ type: 'body' } as const, 'body.view must be one of all, reconciled'],
    [{ type: 'param', data: 'filter' } as const, 'param.filter.view must be one of all, reconciled'],
  ])('names the location %j', (metadata, expected) => {
    expect(() => pipe.transform({ view: 'sideways' }, metadata)).toThrow(
      new RequestValidationError([expected]),
    );
  });
});
