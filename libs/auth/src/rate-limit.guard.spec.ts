import { Controller, type ExecutionContext, Get, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Redis } from '@po-sync/db';
import type { Logger } from 'pino';
import { Roles } from './auth.guard';
import { setCaller } from './caller';
import { RateLimitGuard, rateDecision } from './rate-limit.guard';

describe('rateDecision', () => {
  it.each([
    [1, 60_000, 3, { allowed: true, remaining: 2 }],
    [3, 10_000, 3, { allowed: true, remaining: 0 }],
    [4, 10_000, 3, { allowed: false, retryAfterSeconds: 10 }],
    [4, 10_001, 3, { allowed: false, retryAfterSeconds: 11 }],
    [9, 200, 3, { allowed: false, retryAfterSeconds: 1 }],
    [9, 0, 3, { allowed: false, retryAfterSeconds: 1 }],
  ])('request %d with %d ms left, limit %d → %j', (count, ttlMs, limit, expected) => {
    expect(rateDecision(count, ttlMs, limit)).toEqual(expected);
  });
});

@Controller('v1')
@Roles('viewer')
class ThingsController {
  @Get('things')
  list(): void {}
}

describe('RateLimitGuard', () => {
  function setup(redis: Partial<Redis>, perMinute = 2) {
    const logger = { warn: jest.fn() };
    const guard = new RateLimitGuard(
      redis as Redis,
      logger as unknown as Logger,
      { perMinute, keyPrefix: 'test:' },
      new Reflector(),
    );
    const context = (withCaller = true) => {
      const request = {};
      if (withCaller) setCaller(request, { name: 'val', role: 'viewer' });
      const headers: Record<string, string> = {};
      const response = { setHeader: (name: string, value: string) => (headers[name] = value) };
      const ctx = {
        getType: () => 'http',
        getHandler: () => (ThingsController.prototype as unknown as Record<string, () => void>).list,
        getClass: () => ThingsController,
        switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
      } as unknown as ExecutionContext;
      return { ctx, headers };
    };
    return { guard, logger, context };
  }

  it('counts per token name and answers 429 with Retry-After past the limit', async () => {
    const counts = new Map<string, number>();
    const evalFn = jest.fn((_script: string, _keys: number, key: string) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return Promise.resolve([counts.get(key), 42_500]);
    });
    const { guard, context } = setup({ status: 'ready', eval: evalFn as unknown as Redis['eval'] });
    await expect(guard.canActivate(context().ctx)).resolves.toBe(true);
    await expect(guard.canActivate(context().ctx)).resolves.toBe(true);
    const { ctx, headers } = context();
    const refusal = await guard.canActivate(ctx).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HttpException);
    expect((refusal as HttpException).getStatus()).toBe(429);
    expect((refusal as HttpException).message).toContain('more than 2 requests this minute');
    expect(headers['Retry-After']).toBe('43');
    expect(evalFn.mock.calls[0]?.[2]).toBe('test:val');
  });

  it.each([
    ['disconnected', { status: 'reconnecting' as const, eval: jest.fn() }],
    ['failing', { status: 'ready' as const, eval: jest.fn(() => Promise.reject(new Error('LOADING'))) }],
    ['hanging', { status: 'ready' as const, eval: jest.fn(() => new Promise(() => undefined)) }],
  ])('lets requests through while Redis is %s, warning once', async (_label, redis) => {
    const { guard, logger, context } = setup(redis, 1);
    for (let i = 0; i < 3; i++) await expect(guard.canActivate(context().ctx)).resolves.toBe(true);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('refuses to run unmetered when no caller was set (guards out of order)', async () => {
    const { guard, context } = setup({ status: 'ready' });
    await expect(guard.canActivate(context(false).ctx)).rejects.toThrow(/before AuthGuard/);
  });

  it('is off at 0 requests per minute', async () => {
    const evalFn = jest.fn();
    const { guard, context } = setup({ status: 'ready', eval: evalFn }, 0);
    await expect(guard.canActivate(context().ctx)).resolves.toBe(true);
    expect(evalFn).not.toHaveBeenCalled();
  });
});
