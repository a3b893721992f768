export * from './data-source';
export * from './database.module';
export * from './ensure-database';
export * from './naming.strategy';
export * from './redis.module';
export * from './inbox';
export * from './transaction';
export * from './redis-lock';
