import { HealthRegistry } from './health';

describe('HealthRegistry.readiness', () => {
  const up = (name: string) => ({ name, check: () => Promise.resolve() });
  const down = (name: string, reason: string) => ({ name, check: () => Promise.reject(new Error(reason)) });

  it.each([
    ['every dependency answers', [up('kafka'), up('postgres'), up('redis')], 'ok'],
    ['one dependency is down', [up('kafka'), down('postgres', 'ECONNREFUSED'), up('redis')], 'unavailable'],
    ['nothing is registered', [], 'unavailable'],
  ])('is %s → %s', async (_case, indicators, expected) => {
    const registry = new HealthRegistry();
    indicators.forEach((i) => registry.register(i));
    const report = await registry.readiness();
    expect(report.status).toBe(expected);
    expect(Object.keys(report.checks)).toEqual(indicators.map((i) => i.name));
  });

  it('reports the reason of a failing check', async () => {
    const registry = new HealthRegistry();
    registry.register(down('redis', 'connection refused'));
    const report = await registry.readiness();
    expect(report.checks.redis).toMatchObject({ status: 'down', error: 'connection refused' });
  });
});
