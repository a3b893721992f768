/**
 * @po-sync/contracts — topic names, message schemas and their parsers.
 * Depends on zod only, so every service (and any future tool) can share it.
 */
export * from './issues';
export * from './primitives';
export * from './money';
export * from './currencies';
export * from './map-versions';
export * from './envelope';
export * from './record-id';
export * from './source/actual.v1';
export * from './source/transaction-connection.v1';
export * from './source/expense.v1';
export * from './source/vendor-invoice-line.v1';
export * from './source/dual-write-map.v1';
export * from './source/setup.v1';
export * from './source/records';
export * from './canonical.v1';
export * from './dead-letter.v1';
export * from './journal-lines.v1';
export * from './journal-logs.v1';
export * from './journal-commands.v1';
export * from './discrepancies.v1';
export * from './document-status.v1';
export * from './topics';
export { findKeyTypos, describeKeyTypo, type KeyTypo } from './known-keys';
export * from './parse';
