export * from './duration';
export * from './load-config';
export * from './service-config';
export * from './config.module';
