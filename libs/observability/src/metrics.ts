import { Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per application instance, so two services in one test process never collide. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
