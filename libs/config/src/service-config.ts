import { z } from 'zod';
import { brokerList, integer, logLevel, url } from './load-config';

export type ServiceName = 'ingestion' | 'journal' | 'reconciliation' | 'resync' | 'query';

export const DEFAULT_HTTP_PORTS: Record<ServiceName, number> = {
  ingestion: 3001,
  journal: 3002,
  reconciliation: 3003,
  resync: 3004,
  query: 3005,
};

/** The settings every service has (DESIGN.md §6); each service extends this with its own keys. */
export function serviceConfigShape(service: ServiceName) {
  return {
    SERVICE_NAME: z.literal(service).default(service),
    KAFKA_BROKERS: brokerList('localhost:9092'),
    // Prefixes every topic and consumer group: lets tests and side-by-side stacks share one broker.
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-"')
      .default(''),
    DATABASE_URL: url(`postgres://postgres@127.0.0.1:5432/po_sync_${service}`, ['postgres:', 'postgresql:']),
    REDIS_URL: url('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    HTTP_PORT: integer(DEFAULT_HTTP_PORTS[service], 0, 65535),
    LOG_LEVEL: logLevel,
  };
}

export const baseServiceConfig = (service: ServiceName) => z.object(serviceConfigShape(service));
export type BaseServiceConfig = z.output<ReturnType<typeof baseServiceConfig>>;
