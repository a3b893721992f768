import {
  compareMapVersions,
  ENTITY_MAPS,
  isBelowRequired,
  mapNameForEntity,
  MapVersionSchema,
  REQUIRED_MAP_VERSIONS,
} from './map-versions';
import { problems } from './testing/expect';

describe('compareMapVersions', () => {
  it.each([
    ['1.0.0.9', '1.0.0.20', -1],
    ['1.0.0.20', '1.0.0.9', 1],
    ['1.0.0.20', '1.0.0.20', 0],
    ['1.0', '1.0.0.0', 0],
    ['1.0.1', '1.0.0.99', 1],
    ['2.0', '1.99.99.99', 1],
    ['1.0.0.020', '1.0.0.20', 0],
    ['1.0.0.99999999999999999999', '1.0.0.99999999999999999998', 1],
  ])('%s vs %s is %d', (a, b, expected) => {
    expect(compareMapVersions(a, b)).toBe(expected);
  });

  it.each(['1', '1.0.0.0.1', 'v1.0', '1..0', ''])('throws a RangeError for %j', (bad) => {
    expect(() => compareMapVersions(bad, '1.0')).toThrow(RangeError);
  });
});

describe('isBelowRequired', () => {
  it.each([
    ['msdyn_actuals', '1.0.0.9', true],
    ['msdyn_actuals', '1.0.0.19', true],
    ['msdyn_actuals', '1.0.0.20', false],
    ['msdyn_actuals', '1.0.1.0', false],
    ['msdyn_transactionconnections', '1.0.0.0', true],
    ['msdyn_expenses', '1.0.0.4', true],
    ['msdyn_projectvendorinvoices', '1.0.0.1', false],
    ['msdyn_projectvendorinvoicelines', '1.0.0.7', true],
    ['msdyn_projectvendorinvoicelines', '1.0.0.8', false],
    ['some_other_map', '0.1', false],
    ['constructor', '0.1', false],
  ])('%s %s → %s', (map, version, expected) => {
    expect(isBelowRequired(map, version)).toBe(expected);
  });

  it('has the required versions of DESIGN §3', () => {
    expect(REQUIRED_MAP_VERSIONS).toEqual({
      msdyn_actuals: '1.0.0.20',
      msdyn_transactionconnections: '1.0.0.1',
      msdyn_expenses: '1.0.0.5',
      msdyn_projectvendorinvoices: '1.0.0.1',
      msdyn_projectvendorinvoicelines: '1.0.0.8',
    });
  });
});

describe('maps of entities', () => {
  it.each([
    ['msdyn_actual', 'msdyn_actuals'],
    ['msdyn_transactionconnection', 'msdyn_transactionconnections'],
    ['expense', 'msdyn_expenses'],
    ['vendor_invoice_line', 'msdyn_projectvendorinvoicelines'],
    ['dual_write_map', undefined],
    ['setup', undefined],
  ] as const)('%s is carried by %s', (entity, map) => {
    expect(mapNameForEntity(entity)).toBe(map);
  });

  it('only names maps that have a required version', () => {
    for (const map of Object.values(ENTITY_MAPS)) expect(REQUIRED_MAP_VERSIONS[map]).toBeDefined();
  });
});

describe('MapVersionSchema', () => {
  it.each(['1.0', '1.0.0', '1.0.0.20'])('accepts %s', (v) => {
    expect(MapVersionSchema.parse(v)).toBe(v);
  });

  it.each(['1', '1.0.0.0.0', '1.0-beta', ' 1.0'])('rejects %j', (v) => {
    expect(problems(MapVersionSchema, v)[0]).toMatch(
      /^must be a dual-write map version such as "1\.0\.0\.20"/,
    );
  });
});
