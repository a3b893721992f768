export * from './journal.types';
export * from './import.rules';
export * from './journal-grouping';
export * from './posting.rules';
export * from './line-state';
export * from './retry-policy';
