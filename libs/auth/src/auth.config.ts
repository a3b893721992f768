import { integer } from '@po-sync/config';
import { apiTokensConfig } from './api-tokens';

/**
 * The auth keys of a service config: spread into its schema next to `serviceConfigShape(…)`.
 * `RATE_LIMIT_PER_MINUTE=0` turns the limiter off (load tests).
 */
export const authConfigShape = () => ({
  API_TOKENS: apiTokensConfig(),
  RATE_LIMIT_PER_MINUTE: integer(600, 0, 1_000_000),
});
