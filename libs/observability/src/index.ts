export * from './bootstrap';
export * from './health';
export * from './logger';
export * from './metrics';
export * from './observability.module';
export { Registry as MetricsRegistry, Counter, Histogram, Gauge } from 'prom-client';
