import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Redis } from '@po-sync/db';
import { LOGGER } from '@po-sync/observability';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { routeAccess } from './auth.guard';
import { findCaller } from './caller';

export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');

export interface RateLimitOptions {
  /** Requests per token name per window; 0 turns the limiter off. */
  readonly perMinute: number;
  /** Redis key prefix, e.g. `po-sync:query:rate-limit:` (tests use a unique one). */
  readonly keyPrefix: string;
}

export const RATE_WINDOW_MS = 60_000;
// A slow Redis must not slow every request down: past this, the request goes through unmetered.
const REDIS_TIMEOUT_MS = 250;
const OUTAGE_WARNING_EVERY_MS = 60_000;

// A fixed window that opens with a token's first request: one key per token, whose remaining TTL is
// the Retry-After. Counter and expiry are set in one atomic step; a key that somehow lost its
// expiry gets one again rather than counting forever.
const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Pure: `count` is this request's rank in the window, `ttlMs` the time until the window closes. */
export function rateDecision(count: number, ttlMs: number, limit: number): RateDecision {
  if (count <= limit) return { allowed: true, remaining: limit - count };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis gave no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Limits requests per token name. Redis holds only this short-lived counter: when it is down the
 * request goes through (with a warning at most once a minute) — availability over metering.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private lastOutageWarning = 0;

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.options.perMinute === 0 || context.getType() !== 'http') return true;
    if (routeAccess(this.reflector, context).public) return true;
    const caller = findCaller(context.switchToHttp().getRequest<Request>());
    // AuthGuard is registered first and sets the caller; without one, metering would silently stop.
    if (!caller) throw new Error('RateLimitGuard ran before AuthGuard: register AuthGuard first');
    const counted = await this.count(caller.name);
    if (counted === null) return true;
    const limit = this.options.perMinute;
    const decision = rateDecision(counted.count, counted.ttlMs, limit);
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('X-RateLimit-Limit', String(limit));
    if (decision.allowed) {
      response.setHeader('X-RateLimit-Remaining', String(decision.remaining));
      return true;
    }
    response.setHeader('X-RateLimit-Remaining', '0');
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `the token "${caller.name}" has made more than ${limit} requests this minute: retry in ${decision.retryAfterSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private async count(name: string): Promise<{ count: number; ttlMs: number } | null> {
    try {
      // Fail fast while disconnected instead of waiting in ioredis's offline queue.
      if (this.redis.status !== 'ready') throw new Error(`Redis connection is ${this.redis.status}`);
      const reply = await withTimeout(
        this.redis.eval(COUNT_IN_WINDOW, 1, `${this.options.keyPrefix}${name}`, String(RATE_WINDOW_MS)),
        REDIS_TIMEOUT_MS,
      );
      const [count, ttlMs] = Array.isArray(reply) ? reply.map(Number) : [];
      if (count === undefined || ttlMs === undefined || Number.isNaN(count) || Number.isNaN(ttlMs))
        throw new Error('unexpected reply from the rate-limit script');
      return { count, ttlMs };
    } catch (error) {
      const now = Date.now();
      if (now - this.lastOutageWarning >= OUTAGE_WARNING_EVERY_MS) {
        this.lastOutageWarning = now;
        this.logger.warn(
          { err: error },
          'rate limiting is suspended: Redis does not answer, requests go through',
        );
      }
      return null;
    }
  }
}
