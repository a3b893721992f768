import { REQUIRED_MAP_VERSIONS, type RequiredMapName, isBelowRequired } from '@po-sync/contracts';
import type { Finding, MapSnapshot } from './rules.types';

/**
 * MAP_VERSION_BELOW_REQUIRED for the version a dual-write map was last seen at. Maps
 * with no requirement are never flagged. A map belongs to no legal entity, project or
 * currency: the contract fixes those to "", "" and "XXX", and the amount to "0".
 * No grace: an old map is a set-up fact, not something in transit.
 */
export function evaluateMap(map: MapSnapshot): Finding | null {
  if (!isBelowRequired(map.mapName, map.version)) return null;
  const required = REQUIRED_MAP_VERSIONS[map.mapName as RequiredMapName];
  const causes = [
    `Dual-write map ${map.mapName} runs version ${map.version}, but version ${required} or later is required. ` +
      'Records it carries are still processed, but fields the reconciliation relies on may be missing or wrong.',
  ];
  // A paused or failing map also stops records from arriving: worth saying while the upgrade is pending.
  if (map.state === 'Paused' || map.state === 'Error') {
    causes.push(`The map is in state ${map.state}, so records it carries are not being synchronised.`);
  }
  return {
    type: 'MAP_VERSION_BELOW_REQUIRED',
    documentType: 'dualWriteMap',
    recordId: map.mapName,
    legalEntity: '',
    projectId: '',
    amount: '0',
    currency: 'XXX',
    causes,
    remedy: 'upgrade-map',
  };
}
