import { z } from 'zod';
import type { SourceEntity } from './envelope';
import { echo } from './issues';

/** Dual-write map versions: 2 to 4 dot-separated numbers, e.g. 1.0.0.20. */
export const MAP_VERSION_PATTERN = /^\d+(\.\d+){1,3}$/;

export const MapVersionSchema = z.string().regex(MAP_VERSION_PATTERN, {
  message: 'must be a dual-write map version such as "1.0.0.20" (2 to 4 numbers separated by ".")',
});

/** DESIGN §3: a record carried by an older map is still processed, but flagged. */
export const REQUIRED_MAP_VERSIONS = {
  msdyn_actuals: '1.0.0.20',
  msdyn_transactionconnections: '1.0.0.1',
  msdyn_expenses: '1.0.0.5',
  msdyn_projectvendorinvoices: '1.0.0.1',
  msdyn_projectvendorinvoicelines: '1.0.0.8',
} as const;
export type RequiredMapName = keyof typeof REQUIRED_MAP_VERSIONS;

/**
 * The dual-write map that carries each entity. Dual-write map states and setup
 * data do not travel through a map, so they have none.
 */
export const ENTITY_MAPS = {
  msdyn_actual: 'msdyn_actuals',
  msdyn_transactionconnection: 'msdyn_transactionconnections',
  expense: 'msdyn_expenses',
  vendor_invoice_line: 'msdyn_projectvendorinvoicelines',
} as const satisfies Partial<Record<SourceEntity, RequiredMapName>>;

export type MapCarriedEntity = keyof typeof ENTITY_MAPS;

/** The map that carries an entity; undefined for dual_write_map and setup, which no map carries. */
export function mapNameForEntity<E extends MapCarriedEntity>(entity: E): (typeof ENTITY_MAPS)[E];
export function mapNameForEntity(entity: SourceEntity): RequiredMapName | undefined;
export function mapNameForEntity(entity: SourceEntity): RequiredMapName | undefined {
  return (ENTITY_MAPS as Partial<Record<SourceEntity, RequiredMapName>>)[entity];
}

function segments(version: string): string[] {
  if (!MAP_VERSION_PATTERN.test(version)) {
    throw new RangeError(`${echo(version)} is not a dual-write map version such as "1.0.0.20"`);
  }
  // Leading zeros carry no meaning; stripping them lets segments compare as text by length.
  return version.split('.').map((s) => s.replace(/^0+(?=\d)/, ''));
}

/**
 * Numeric comparison per segment (1.0.0.9 < 1.0.0.20, which string order gets
 * wrong); missing trailing segments count as 0. Segments are compared as digit
 * strings, so no size limit applies. Throws RangeError on a malformed version.
 */
export function compareMapVersions(a: string, b: string): -1 | 0 | 1 {
  const left = segments(a);
  const right = segments(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '0';
    const y = right[i] ?? '0';
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** False for maps without a requirement: only the listed maps are checked. */
export function isBelowRequired(mapName: string, version: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(REQUIRED_MAP_VERSIONS, mapName)) return false;
  const required = REQUIRED_MAP_VERSIONS[mapName as RequiredMapName];
  return compareMapVersions(version, required) < 0;
}
