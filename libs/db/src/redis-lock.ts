import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

// Deletes the key only if it still holds our token: a lock that expired and was taken by someone
// else is never released by the old holder.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  key: string;
  token: string;
}

/**
 * A lock with an expiry, so a crashed holder never blocks the work forever. It only keeps two
 * instances from doing the same work at once; correctness never depends on it (the database's
 * unique constraints do that), because Redis may be lost.
 */
export class RedisLock {
  constructor(private readonly redis: Redis) {}

  async acquire(key: string, ttlMs: number): Promise<HeldLock | null> {
    const token = randomUUID();
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? { key, token } : null;
  }

  async extend(lock: HeldLock, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(EXTEND, 1, lock.key, lock.token, String(ttlMs))) === 1;
  }

  async release(lock: HeldLock): Promise<void> {
    await this.redis.eval(RELEASE, 1, lock.key, lock.token);
  }

  /** Runs `work` under the lock; returns undefined without running it when someone else holds it. */
  async withLock<T>(
    key: string,
    ttlMs: number,
    work: () => Promise<T>,
  ): Promise<{ ran: true; result: T } | { ran: false }> {
    const lock = await this.acquire(key, ttlMs);
    if (!lock) return { ran: false };
    const renew = setInterval(
      () => void this.extend(lock, ttlMs).catch(() => undefined),
      Math.max(ttlMs / 3, 100),
    );
    try {
      return { ran: true, result: await work() };
    } finally {
      clearInterval(renew);
      await this.release(lock).catch(() => undefined);
    }
  }
}
