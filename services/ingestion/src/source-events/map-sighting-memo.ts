/**
 * Which map versions this process has recently recorded as seen. Every source event carries its
 * map's version, so nearly every batch would upsert the same few `dual_write_map_version` rows:
 * batches committing side by side then queue on those rows' locks, each held until the other's
 * publish and commit are done (measured: ingestion's lanes spent 0.4–1.1 s a batch waiting). A
 * plain sighting of a version recorded less than `refreshMs` ago changes nothing but
 * `last_seen_at`, so it is left out; that column is then at most `refreshMs` behind. A state the
 * map itself reports (a `dual_write_map` record) is always written.
 */
export class MapSightingMemo {
  private readonly recordedAt = new Map<string, number>();

  constructor(private readonly refreshMs: number) {}

  /** The sightings still worth writing at `now`. */
  due<T extends { mapName: string; version: string; state: string | null }>(
    sightings: T[],
    now: number,
  ): T[] {
    return sightings.filter((s) => {
      if (s.state !== null) return true;
      const at = this.recordedAt.get(key(s));
      return at === undefined || now - at >= this.refreshMs;
    });
  }

  /** Call once the transaction that wrote them has committed: a rolled-back write is not recorded. */
  recorded(sightings: { mapName: string; version: string }[], now: number): void {
    for (const s of sightings) this.recordedAt.set(key(s), now);
  }
}

const key = (s: { mapName: string; version: string }) => `${s.mapName}\u0000${s.version}`;
