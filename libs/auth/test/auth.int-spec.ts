import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { RedisModule } from '@po-sync/db';
import { createLogger, ObservabilityModule, type ServiceApp, startServiceApp } from '@po-sync/observability';
import { TEST_REDIS_URL, uniqueSuffix } from '@po-sync/testing';
import Redis from 'ioredis';
import { z } from 'zod';
import {
  ApiError,
  AuthModule,
  type Caller,
  configureHttpApp,
  CurrentCaller,
  hashToken,
  parseApiTokens,
  Roles,
  ZodValidationPipe,
} from '../src';

const resyncRequest = z.object({
  scope: z.enum(['out-of-sync-actuals', 'actuals', 'transaction-connections', 'documents']),
  ids: z.array(z.string()).optional(),
  dryRun: z.boolean().default(false),
});

@Controller('v1')
class TestController {
  @Get('things')
  @Roles('viewer')
  list(@CurrentCaller() caller: Caller) {
    return { caller };
  }

  @Post('jobs')
  @Roles('operator')
  start(
    @Body(new ZodValidationPipe(resyncRequest)) body: z.output<typeof resyncRequest>,
    @CurrentCaller() caller: Caller,
  ) {
    return { body, caller };
  }

  @Post('busy')
  @Roles('operator')
  busy() {
    throw new ApiError(
      409,
      'RESYNC.SCOPE_BUSY',
      'a resync job for scope actuals is already running: wait for job 7',
    );
  }
}

@Module({ controllers: [TestController] })
class TestFeatureModule {}

const LIMIT = 10;
const tokens = { viewer: 'viewer-int-token', operator: 'operator-int-token', burst: 'burst-int-token' };

describe('auth, rate limiting and the HTTP edge on the real Redis', () => {
  const keyPrefix = `test:auth:${uniqueSuffix()}:`;
  let service: ServiceApp;
  const url = (path: string) => `http://127.0.0.1:${service.port}${path}`;
  const call = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(url(path), {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });

  beforeAll(async () => {
    const logger = createLogger('auth-test', 'silent');
    const apiTokens = parseApiTokens(
      `viewer:val:${hashToken(tokens.viewer)},operator:olga:${hashToken(tokens.operator)},viewer:burst:${hashToken(tokens.burst)}`,
    );
    service = await startServiceApp(
      {
        module: class AuthTestModule {},
        imports: [
          ObservabilityModule.forRoot({ service: 'auth-test', logger }),
          RedisModule.forRoot(TEST_REDIS_URL),
          AuthModule.forRoot({ tokens: apiTokens, rateLimitPerMinute: LIMIT, rateLimitKeyPrefix: keyPrefix }),
          TestFeatureModule,
        ],
      },
      {
        logger,
        port: 0,
        configure: (app) =>
          configureHttpApp(app, { title: 'auth test', description: 'routes', version: '1' }),
      },
    );
  });

  afterAll(async () => {
    await service?.app.close();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it.each([
    ['no token', undefined],
    ['an unknown token', 'not-a-real-token'],
  ])('answers 401 for %s, without echoing it', async (_label, token) => {
    const response = await call('/v1/things', token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="po-sync"');
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'send Authorization: Bearer <token> with a valid API token',
    });
    expect(body).not.toContain('not-a-real-token');
  });

  it('answers 403 naming the role for a viewer on an operator route', async () => {
    const response = await call('/v1/jobs', tokens.viewer, { method: 'POST', body: '{"scope":"actuals"}' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'this route needs the operator role; the token "val" has the viewer role',
    });
  });

  it.each([
    ['a viewer on a viewer route', tokens.viewer, { name: 'val', role: 'viewer' }],
    ['an operator on a viewer route', tokens.operator, { name: 'olga', role: 'operator' }],
  ])('lets %s in and knows who called', async (_label, token, caller) => {
    const response = await call('/v1/things', token);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    expect(await response.json()).toEqual({ caller });
  });

  it('passes the parsed body to an operator route', async () => {
    const response = await call('/v1/jobs', tokens.operator, {
      method: 'POST',
      body: JSON.stringify({ scope: 'documents', ids: ['D-1'] }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      body: { scope: 'documents', ids: ['D-1'], dryRun: false },
      caller: { name: 'olga', role: 'operator' },
    });
  });

  it.each([
    [
      'a bad field',
      JSON.stringify({ scope: 'everything', dryRun: 'no' }),
      'body.scope must be one of out-of-sync-actuals, actuals, transaction-connections, documents; body.dryRun must be a boolean, not a string',
    ],
    ['malformed JSON', '{"scope": "actu', 'body is not valid JSON'],
  ])('answers 400 saying what is allowed for %s', async (_label, body, message) => {
    const response = await call('/v1/jobs', tokens.operator, { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message });
  });

  it('maps an ApiError to its status and code', async () => {
    const response = await call('/v1/busy', tokens.operator, { method: 'POST', body: '{}' });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'a resync job for scope actuals is already running: wait for job 7',
      code: 'RESYNC.SCOPE_BUSY',
    });
  });

  it('accepts a body above the default 100kb and refuses one above 256kb with a JSON 413', async () => {
    const body = (bytes: number) => JSON.stringify({ scope: 'documents', ids: ['x'.repeat(bytes)] });
    const accepted = await call('/v1/jobs', tokens.operator, { method: 'POST', body: body(150_000) });
    expect(accepted.status).toBe(201);
    const refused = await call('/v1/jobs', tokens.operator, { method: 'POST', body: body(300_000) });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'the request body is larger than the limit of 262144 bytes',
    });
  });

  it(`answers 429 with Retry-After after ${LIMIT} requests a minute from one token`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await call('/v1/things', tokens.burst)).status);
    expect(statuses).toEqual(Array<number>(LIMIT).fill(200));
    const refused = await call('/v1/things', tokens.burst);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `the token "burst" has made more than ${LIMIT} requests this minute: retry in ${retryAfter} s`,
    });
    // Another token has its own budget.
    expect((await call('/v1/things', tokens.viewer)).status).toBe(200);
  });

  it.each(['/health/live', '/health/ready', '/metrics'])('serves %s without a token', async (path) => {
    expect((await call(path)).status).toBe(200);
  });

  it('serves the OpenAPI UI and document at /docs with bearer auth', async () => {
    const page = await fetch(url('/docs'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('swagger');
    const document = (await (await fetch(url('/docs-json'))).json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/things', '/v1/jobs']));
    expect(document.paths['/health/live']).toBeUndefined();
    expect(document.components.securitySchemes).toHaveProperty('bearer');
  });

  it('answers an unknown route with the same JSON shape', async () => {
    const response = await call('/v1/nowhere', tokens.viewer);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /v1/nowhere',
    });
  });
});
