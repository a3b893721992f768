export * from './batch-consumer';
export * from './consumed-message';
export * from './errors';
export * from './kafka-client';
export * from './kafka.module';
export * from './publisher';
export * from './partition-tail';
export * from './partitioner';
