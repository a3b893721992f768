import { z } from 'zod';
import { parseDuration } from './duration';
import { ConfigError, duration, integer, loadConfig } from './load-config';
import { baseServiceConfig } from './service-config';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '3600', '1 hour', '-1s', 'h', '1w'])('refuses %p', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});

describe('loadConfig', () => {
  const schema = z.object({
    GRACE: duration('1h'),
    MAX: integer(200, 1, 10_000),
    SECRET: z.string().min(40),
  });

  it('applies defaults and freezes the result', () => {
    const config = loadConfig(schema, { SECRET: 'x'.repeat(40) });
    expect(config).toEqual({ GRACE: 3_600_000, MAX: 200, SECRET: 'x'.repeat(40) });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats a blank variable as unset', () => {
    expect(loadConfig(schema, { GRACE: '', SECRET: 'y'.repeat(40) }).GRACE).toBe(3_600_000);
  });

  it('names every bad key and never echoes a value', () => {
    const secret = 'hunter2-is-not-long-enough';
    let error: unknown;
    try {
      loadConfig(schema, { GRACE: 'soon', MAX: '0', SECRET: secret });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect((error as ConfigError).problems).toHaveLength(3);
    expect(message).toContain('GRACE must be a duration');
    expect(message).toContain('MAX must be a whole number from 1 to 10000');
    expect(message).toContain('SECRET');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('soon');
  });

  it('gives each service its own database, port and the shared defaults', () => {
    const config = loadConfig(baseServiceConfig('journal'), {});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/po_sync_journal');
    expect(config.HTTP_PORT).toBe(3002);
    expect(config.KAFKA_BROKERS).toEqual(['localhost:9092']);
  });

  it.each([
    ['KAFKA_BROKERS', 'not a broker', 'KAFKA_BROKERS must be a comma-separated list of host:port'],
    ['DATABASE_URL', 'mysql://x/y', 'DATABASE_URL must be a URL starting with postgres:// or postgresql://'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    ['KAFKA_TOPIC_PREFIX', 'a b', 'KAFKA_TOPIC_PREFIX may contain only'],
  ])('refuses a bad %s', (key, value, expected) => {
    expect(() => loadConfig(baseServiceConfig('query'), { [key]: value })).toThrow(expected);
  });
});
