import { compareMapVersions, isBelowRequired, REQUIRED_MAP_VERSIONS } from '@po-sync/contracts';
import type { MapDiscrepancy, MapState, MapVersionSeen } from './discrepancies.repository';

export interface DualWriteMapEntry {
  mapName: string;
  /** null for a map po-sync has no requirement for. */
  requiredVersion: string | null;
  /** The version and state the map last reported (finance.dual-write-maps.v1), if it did. */
  reported: { version: string; state: string; reportedAt: Date; belowRequired: boolean } | null;
  /** Every version seen on the records the map carried, highest first. */
  seenVersions: (Omit<MapVersionSeen, 'mapName'> & { belowRequired: boolean })[];
  /** A MAP_VERSION_BELOW_REQUIRED discrepancy is open for it. */
  belowRequired: boolean;
  discrepancy: Omit<MapDiscrepancy, 'mapName'> | null;
}

/**
 * Required versus seen, per map: every map with a requirement, plus any other map seen. The
 * verdict (`belowRequired`) is reconciliation's open discrepancy, so it agrees with the other views;
 * the versions seen say why.
 */
export function dualWriteMapEntries(
  discrepancies: readonly MapDiscrepancy[],
  seen: readonly MapVersionSeen[],
  states: readonly MapState[],
): DualWriteMapEntry[] {
  const names = new Set<string>([
    ...Object.keys(REQUIRED_MAP_VERSIONS),
    ...discrepancies.map((d) => d.mapName),
    ...seen.map((s) => s.mapName),
    ...states.map((s) => s.mapName),
  ]);
  const required = REQUIRED_MAP_VERSIONS as Record<string, string | undefined>;
  return [...names].sort().map((mapName) => {
    const discrepancy = discrepancies.find((d) => d.mapName === mapName);
    const state = states.find((s) => s.mapName === mapName);
    const { mapName: _d, ...discrepancyFields } = discrepancy ?? { mapName };
    return {
      mapName,
      requiredVersion: required[mapName] ?? null,
      reported: state
        ? {
            version: state.version,
            state: state.state,
            reportedAt: state.reportedAt,
            belowRequired: isBelowRequired(mapName, state.version),
          }
        : null,
      seenVersions: seen
        .filter((s) => s.mapName === mapName)
        .sort((a, b) => compareMapVersions(b.version, a.version))
        .map(({ mapName: _m, ...s }) => ({ ...s, belowRequired: isBelowRequired(mapName, s.version) })),
      belowRequired: discrepancy !== undefined && discrepancy.status !== 'resolved',
      discrepancy: discrepancy ? (discrepancyFields as Omit<MapDiscrepancy, 'mapName'>) : null,
    };
  });
}
