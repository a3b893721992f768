import { MapSightingMemo } from './map-sighting-memo';

const sighting = (version: string, state: string | null = null, mapName = 'msdyn_actuals') => ({
  mapName,
  version,
  state,
});

describe('MapSightingMemo', () => {
  const REFRESH = 10_000;

  it.each([
    ['a version never recorded', [], sighting('1.0.0.20'), 0, true],
    ['the same version recorded just now', [sighting('1.0.0.20')], sighting('1.0.0.20'), 1, false],
    [
      'the same version recorded just under the refresh',
      [sighting('1.0.0.20')],
      sighting('1.0.0.20'),
      REFRESH - 1,
      false,
    ],
    ['the same version recorded a refresh ago', [sighting('1.0.0.20')], sighting('1.0.0.20'), REFRESH, true],
    ['another version of the same map', [sighting('1.0.0.20')], sighting('1.0.0.21'), 1, true],
    [
      'the same version of another map',
      [sighting('1.0.0.1')],
      sighting('1.0.0.1', null, 'msdyn_expenses'),
      1,
      true,
    ],
    [
      'a state the map reports, however recent',
      [sighting('1.0.0.20')],
      sighting('1.0.0.20', 'Paused'),
      1,
      true,
    ],
  ])('%s: written %s', (_case, recorded, next, after, expected) => {
    const memo = new MapSightingMemo(REFRESH);
    memo.recorded(recorded, 0);
    expect(memo.due([next], after)).toEqual(expected ? [next] : []);
  });

  it('forgets nothing it was not told was committed', () => {
    const memo = new MapSightingMemo(REFRESH);
    const first = memo.due([sighting('1.0.0.20')], 0);
    // The transaction failed: recorded() was never called, so the redelivery writes it again.
    expect(memo.due([sighting('1.0.0.20')], 1)).toEqual(first);
    memo.recorded(first, 2);
    expect(memo.due([sighting('1.0.0.20')], 3)).toEqual([]);
  });
});
