export * from './infrastructure';
export * from './test-resources';
export * from './source-fixtures';
