import { type MapSighting, mapSightingSteps } from './map-sightings';

// msdyn_actuals requires 1.0.0.20; msdyn_expenses 1.0.0.5.
const OLD = '1.0.0.12';
const CURRENT = '1.0.0.20';
const at = (second: number) => `2026-11-02T08:00:${String(second).padStart(2, '0')}.000Z`;
const seen = (
  version: string,
  second: number,
  state: string | null = null,
  mapName = 'msdyn_actuals',
): MapSighting => ({ mapName, version, state, seenAt: at(second) });
/** Each step as `map version state @second`, so a table row reads as the story it tells. */
const show = (steps: MapSighting[][]) =>
  steps.map((step) =>
    step.map((s) => `${s.mapName} ${s.version} ${s.state ?? '-'} @${Number(s.seenAt.slice(17, 19))}`),
  );

describe('mapSightingSteps', () => {
  it.each<[string, MapSighting[], string[][]]>([
    ['nothing seen', [], []],
    ['one current sighting', [seen(CURRENT, 1)], [['msdyn_actuals 1.0.0.20 - @1']]],
    ['one old sighting: it is the newest, so it stays', [seen(OLD, 1)], [['msdyn_actuals 1.0.0.12 - @1']]],
    [
      'old, then current: the old one gets a step of its own before the upgrade resolves it',
      [seen(OLD, 1), seen(CURRENT, 2)],
      [['msdyn_actuals 1.0.0.12 - @1'], ['msdyn_actuals 1.0.0.20 - @2']],
    ],
    [
      'the same, arriving in the other order: ordered by the source time, not by arrival',
      [seen(CURRENT, 2), seen(OLD, 1)],
      [['msdyn_actuals 1.0.0.12 - @1'], ['msdyn_actuals 1.0.0.20 - @2']],
    ],
    [
      'current, then old: the old one is the newest and stays, one step',
      [seen(CURRENT, 1), seen(OLD, 2)],
      [['msdyn_actuals 1.0.0.12 - @2']],
    ],
    [
      'several old sightings before the upgrade: the latest old one stands for them',
      [seen(OLD, 1), seen('1.0.0.19', 2), seen(CURRENT, 3)],
      [['msdyn_actuals 1.0.0.19 - @2'], ['msdyn_actuals 1.0.0.20 - @3']],
    ],
    [
      'same instant: the one that arrived last wins, as in the store',
      [seen(OLD, 1), seen(CURRENT, 1)],
      [['msdyn_actuals 1.0.0.12 - @1'], ['msdyn_actuals 1.0.0.20 - @1']],
    ],
    [
      "a record's sighting keeps the state the map's own event said before it",
      [seen(OLD, 1, 'Paused'), seen(OLD, 2)],
      [['msdyn_actuals 1.0.0.12 Paused @2']],
    ],
    [
      'the state said after a sighting does not reach back to it',
      [seen(OLD, 1), seen(CURRENT, 2, 'Running')],
      [['msdyn_actuals 1.0.0.12 - @1'], ['msdyn_actuals 1.0.0.20 Running @2']],
    ],
    [
      'maps are planned apart: only the one with an old sighting gets the extra step',
      [
        seen(OLD, 1),
        seen('1.0.0.4', 1, null, 'msdyn_expenses'),
        seen(CURRENT, 2),
        seen('1.0.0.5', 3, null, 'msdyn_expenses'),
        seen('1.0.0.1', 4, null, 'msdyn_transactionconnections'),
      ],
      [
        ['msdyn_actuals 1.0.0.12 - @1', 'msdyn_expenses 1.0.0.4 - @1'],
        [
          'msdyn_actuals 1.0.0.20 - @2',
          'msdyn_expenses 1.0.0.5 - @3',
          'msdyn_transactionconnections 1.0.0.1 - @4',
        ],
      ],
    ],
    [
      'a map with no requirement is never below it',
      [seen('0.0.0.1', 1, null, 'msdyn_subcontracts'), seen('0.0.0.2', 2, null, 'msdyn_subcontracts')],
      [['msdyn_subcontracts 0.0.0.2 - @2']],
    ],
  ])('%s', (_case, sightings, steps) => {
    expect(show(mapSightingSteps(sightings))).toEqual(steps);
  });

  it('touches each map at most once per step (one statement may touch a row once)', () => {
    const steps = mapSightingSteps([seen(OLD, 1), seen(OLD, 2), seen(CURRENT, 3), seen(CURRENT, 4)]);
    for (const step of steps) expect(new Set(step.map((s) => s.mapName)).size).toBe(step.length);
  });
});
