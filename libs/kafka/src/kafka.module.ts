import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthRegistry, LOGGER } from '@po-sync/observability';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DEAD_LETTER_TOPIC } from '@po-sync/contracts';
import { BatchConsumer, type BatchConsumerOptions } from './batch-consumer';
import { type ConsumedMessage, deadLetterKey, toDeadLetter } from './consumed-message';
import { createKafka, ensureTopics } from './kafka-client';
import { KafkaPublisher } from './publisher';

export interface KafkaModuleOptions {
  brokers: string[];
  service: string;
  topicPrefix: string;
  /** Every topic this service reads or writes, created with its partition count if missing. */
  topics: { name: string; partitions: number }[];
}

const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');

/** The service's connection to Kafka: one client, one admin for readiness, one idempotent producer. */
@Injectable()
export class KafkaConnection implements OnApplicationShutdown {
  readonly kafka: Kafka;
  readonly publisher: KafkaPublisher;
  private readonly admin: Admin;
  private readonly consumers: BatchConsumer[] = [];

  constructor(
    @Inject(KAFKA_OPTIONS) readonly options: KafkaModuleOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: Registry,
  ) {
    this.kafka = createKafka({ brokers: options.brokers, clientId: `po-sync-${options.service}`, logger });
    this.publisher = new KafkaPublisher(this.kafka, metrics, options.topicPrefix);
    this.admin = this.kafka.admin();
  }

  async connect(): Promise<void> {
    await ensureTopics(
      this.kafka,
      this.options.topics.map((t) => ({ ...t, name: `${this.options.topicPrefix}${t.name}` })),
    );
    await this.admin.connect();
    await this.publisher.connect();
  }

  async checkBroker(): Promise<void> {
    await this.admin.describeCluster();
  }

  /** Publishes dead letters (`ingestion.dead-letter.v1`) for messages this service cannot use. */
  async publishDeadLetters(
    items: { message: ConsumedMessage; reason: string; issues: { path: string; message: string }[] }[],
  ): Promise<void> {
    if (items.length === 0) return;
    await this.publisher.publish(
      DEAD_LETTER_TOPIC,
      items.map(({ message, reason, issues }) => ({
        key: deadLetterKey(message),
        value: toDeadLetter(this.options.service, message, reason, issues),
      })),
    );
  }

  /** A batch consumer wired to this service's client, publisher, prefix, logger and metrics. */
  createConsumer(
    options: Pick<BatchConsumerOptions, 'groupId' | 'topics' | 'handler' | 'deadLetterTopic'> &
      Partial<BatchConsumerOptions>,
  ): BatchConsumer {
    const consumer = new BatchConsumer({
      kafka: this.kafka,
      service: this.options.service,
      topicPrefix: this.options.topicPrefix,
      publisher: this.publisher,
      logger: this.logger,
      metrics: this.metrics,
      ...options,
    });
    this.consumers.push(consumer);
    return consumer;
  }

  async onApplicationShutdown(): Promise<void> {
    // Consumers first, so their last batches can still publish and commit.
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await this.publisher.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }
}

@Global()
@Module({})
export class KafkaModule implements OnModuleInit {
  constructor(
    private readonly connection: KafkaConnection,
    private readonly health: HealthRegistry,
  ) {}

  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: KAFKA_OPTIONS, useValue: options }, KafkaConnection],
      exports: [KafkaConnection],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.connection.connect();
    this.health.register({ name: 'kafka', check: () => this.connection.checkBroker() });
  }
}
