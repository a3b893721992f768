import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { Redis, RedisLock } from '@po-sync/db';
import type { JournalConfig } from '../journal.config';

const TTL_MS = 30_000;
const WAIT_STEP_MS = 200;

/**
 * One import run and one posting run at a time across all journal instances. Commands wait for
 * the lock (an operator expects the command to happen); the schedule just skips a tick.
 */
@Injectable()
export class JournalRunLock {
  private readonly lock: RedisLock;
  private readonly importKey: string;
  private readonly postingKey: string;

  constructor(redis: Redis, @Inject(SERVICE_CONFIG) config: JournalConfig) {
    this.lock = new RedisLock(redis);
    // Stacks sharing one Redis (tests, side-by-side demos) are told apart by their topic prefix.
    this.importKey = `po-sync:${config.KAFKA_TOPIC_PREFIX}journal:import`;
    this.postingKey = `po-sync:${config.KAFKA_TOPIC_PREFIX}journal:posting`;
  }

  import<T>(work: () => Promise<T>): Promise<T> {
    return this.waitFor(this.importKey, work);
  }

  posting<T>(work: () => Promise<T>): Promise<T> {
    return this.waitFor(this.postingKey, work);
  }

  async tryImport<T>(work: () => Promise<T>): Promise<T | undefined> {
    const outcome = await this.lock.withLock(this.importKey, TTL_MS, work);
    return outcome.ran ? outcome.result : undefined;
  }

  async tryPosting<T>(work: () => Promise<T>): Promise<T | undefined> {
    const outcome = await this.lock.withLock(this.postingKey, TTL_MS, work);
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
