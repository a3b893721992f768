import { Injectable } from '@nestjs/common';
import { Redis, RedisLock } from '@po-sync/db';

const TTL_MS = 30_000;
const WAIT_STEP_MS = 200;

/**
 * One import run and one posting run at a time across all journal instances. Commands wait for
 * the lock (an operator expects the command to happen); the schedule just skips a tick.
 */
@Injectable()
export class JournalRunLock {
  private readonly lock: RedisLock;

  constructor(redis: Redis) {
    this.lock = new RedisLock(redis);
  }

  import<T>(work: () => Promise<T>): Promise<T> {
    return this.waitFor('po-sync:journal:import', work);
  }

  posting<T>(work: () => Promise<T>): Promise<T> {
    return this.waitFor('po-sync:journal:posting', work);
  }

  async tryImport<T>(work: () => Promise<T>): Promise<T | undefined> {
    const outcome = await this.lock.withLock('po-sync:journal:import', TTL_MS, work);
    return outcome.ran ? outcome.result : undefined;
  }

  async tryPosting<T>(work: () => Promise<T>): Promise<T | undefined> {
    const outcome = await this.lock.withLock('po-sync:journal:posting', TTL_MS, work);
    return outcome.ran ? outcome.result : undefined;
  }

  private async waitFor<T>(key: string, work: () => Promise<T>): Promise<T> {
    for (;;) {
      const outcome = await this.lock.withLock(key, TTL_MS, work);
      if (outcome.ran) return outcome.result;
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
}
