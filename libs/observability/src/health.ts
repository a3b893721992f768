import { Injectable } from '@nestjs/common';

export interface HealthIndicator {
  /** kafka, postgres, redis… */
  readonly name: string;
  /** Resolves when the dependency answers; rejects with a reason when it does not. */
  check(): Promise<void>;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'up' | 'down'; error?: string; latencyMs: number }>;
}

const CHECK_TIMEOUT_MS = 2500;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Modules that own a dependency register its indicator here, so readiness checks what the service really uses. */
@Injectable()
export class HealthRegistry {
  private readonly indicators = new Map<string, HealthIndicator>();

  register(indicator: HealthIndicator): void {
    this.indicators.set(indicator.name, indicator);
  }

  async readiness(): Promise<ReadinessReport> {
    type Check = ReadinessReport['checks'][string];
    const entries: [string, Check][] = await Promise.all(
      [...this.indicators.values()].map(async (indicator): Promise<[string, Check]> => {
        const started = Date.now();
        try {
          await withTimeout(indicator.check(), CHECK_TIMEOUT_MS);
          return [indicator.name, { status: 'up', latencyMs: Date.now() - started }];
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [indicator.name, { status: 'down', error: message, latencyMs: Date.now() - started }];
        }
      }),
    );
    const checks: ReadinessReport['checks'] = Object.fromEntries(entries);
    const status = entries.length > 0 && entries.every(([, c]) => c.status === 'up') ? 'ok' : 'unavailable';
    return { status, checks };
  }
}
