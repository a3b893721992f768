import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { type ApiTokenEntry, resolveApiTokens, TokenVerifier } from './api-tokens';
import { AuthGuard } from './auth.guard';
import { RATE_LIMIT_OPTIONS, RateLimitGuard, type RateLimitOptions } from './rate-limit.guard';

export interface AuthModuleOptions {
  /** The parsed API_TOKENS (`apiTokensConfig()`); undefined → random demo tokens, printed once. */
  tokens: readonly ApiTokenEntry[] | undefined;
  /** RATE_LIMIT_PER_MINUTE; 0 turns the limiter off. Default 600. */
  rateLimitPerMinute?: number;
  /** Default `po-sync:rate-limit:`; give each service its own to give each its own budget. */
  rateLimitKeyPrefix?: string;
}

/**
 * Authentication, roles and rate limiting for every route of the app (needs the global
 * ObservabilityModule and RedisModule, which PlatformModule provides).
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const rateLimit: RateLimitOptions = {
      perMinute: options.rateLimitPerMinute ?? 600,
      keyPrefix: options.rateLimitKeyPrefix ?? 'po-sync:rate-limit:',
    };
    return {
      module: AuthModule,
      providers: [
        {
          provide: TokenVerifier,
          inject: [LOGGER],
          useFactory: (logger: Logger) => {
            const { verifier, demoTokens } = resolveApiTokens(options.tokens);
            if (demoTokens)
              // The local default of DESIGN.md §6: printed once, never stored in clear.
              logger.info(
                { hint: 'set API_TOKENS=role:sha256hex,… to use your own tokens' },
                `demo tokens: viewer=${demoTokens.viewer}, operator=${demoTokens.operator}`,
              );
            else logger.info({ tokens: verifier.callers }, 'API tokens loaded');
            return verifier;
          },
        },
        { provide: RATE_LIMIT_OPTIONS, useValue: rateLimit },
        // Order matters: Nest runs global guards in registration order and the limiter meters the
        // caller that AuthGuard identified.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
