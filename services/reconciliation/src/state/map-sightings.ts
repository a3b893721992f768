import { isBelowRequired } from '@po-sync/contracts';

/** A dual-write map as one event saw it: the map that carried a record, or the map's own event. */
export interface MapSighting {
  /** The event that carried it, for the inbox; absent when derived. */
  eventId?: string;
  mapName: string;
  version: string;
  /** Only the map's own events say it; a record's sighting leaves the known state as it is. */
  state: string | null;
  seenAt: string;
}

/**
 * The map sightings of one batch as the steps to store, each evaluated before the next.
 *
 * A map's stored version is its latest sighting by the source's time (what the map runs now), so
 * MAP_VERSION_BELOW_REQUIRED resolves once the upgraded map carries a record (DESIGN §4: resolved
 * as soon as its condition stops holding). But DESIGN §3 raises the finding for every record an
 * old map carries: keeping only each map's newest sighting of the batch lost an old-map record
 * followed by an upgraded one in the same batch, which a smaller batch would have reported. So
 * such a map first gets its latest old sighting of the batch as a step of its own (open), then
 * its newest (resolved): the same transitions however the events were batched.
 *
 * A sighting older than the stored one changes nothing, as for every other record (the store's
 * guard decides that); within a step, each map appears once (one statement may touch a row once).
 */
export function mapSightingSteps(sightings: readonly MapSighting[]): MapSighting[][] {
  const byMap = new Map<string, MapSighting[]>();
  for (const s of sightings) {
    // Appended in place: nearly every event of a batch carries a sighting of one of five maps.
    const own = byMap.get(s.mapName);
    if (own) own.push(s);
    else byMap.set(s.mapName, [s]);
  }
  const first: MapSighting[] = [];
  const last: MapSighting[] = [];
  for (const own of byMap.values()) {
    // Stable: of sightings at the same instant the one that arrived last wins, as in the store.
    const ordered = own
      .map((s, i) => ({ s, i }))
      .sort((a, b) => Date.parse(a.s.seenAt) - Date.parse(b.s.seenAt) || a.i - b.i)
      .map(({ s }) => s);
    const newest = withKnownState(ordered, ordered.length - 1);
    last.push(newest);
    if (isBelowRequired(newest.mapName, newest.version)) continue;
    const old = lastIndexWhere(ordered, (s) => isBelowRequired(s.mapName, s.version));
    if (old >= 0) first.push(withKnownState(ordered, old));
  }
  return [first, last].filter((step) => step.length > 0);
}

/** The sighting at `index`, carrying the latest state the batch said up to it. */
function withKnownState(ordered: readonly MapSighting[], index: number): MapSighting {
  const sighting = ordered[index]!;
  if (sighting.state !== null) return sighting;
  for (let i = index - 1; i >= 0; i--) {
    const state = ordered[i]!.state;
    if (state !== null) return { ...sighting, state };
  }
  return sighting;
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
