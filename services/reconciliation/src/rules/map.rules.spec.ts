import { DiscrepancyEventSchema, type MapState } from '@po-sync/contracts';
import { evaluateMap } from './map.rules';
import type { MapSnapshot } from './rules.types';
import { diffFindings, toDiscrepancyEvent } from './transitions';

const seenAt = new Date('2026-11-02T08:00:00.000Z');
const map = (mapName: string, version: string, state: MapState | null = 'Running'): MapSnapshot => ({
  mapName,
  version,
  state,
  seenAt,
});

describe('evaluateMap', () => {
  it.each<[string, string, string | null]>([
    ['msdyn_actuals', '1.0.0.9', '1.0.0.20'], // string order would call 1.0.0.9 the newer
    ['msdyn_actuals', '1.0.0.19', '1.0.0.20'],
    ['msdyn_actuals', '1.0.0.20', null],
    ['msdyn_actuals', '1.0.0.021', null],
    ['msdyn_actuals', '1.0.1', null],
    ['msdyn_actuals', '1.0', '1.0.0.20'],
    ['msdyn_transactionconnections', '1.0.0.0', '1.0.0.1'],
    ['msdyn_transactionconnections', '1.0.0.1', null],
    ['msdyn_expenses', '1.0.0.4', '1.0.0.5'],
    ['msdyn_projectvendorinvoices', '1.0.0.0', '1.0.0.1'],
    ['msdyn_projectvendorinvoicelines', '1.0.0.7', '1.0.0.8'],
    ['msdyn_projectvendorinvoicelines', '1.0.0.10', null],
    ['msdyn_subcontracts', '0.0.0.1', null], // no requirement, never flagged
  ])('%s %s → required %s', (mapName, version, required) => {
    const finding = evaluateMap(map(mapName, version));
    if (required === null) {
      expect(finding).toBeNull();
    } else {
      expect(finding).toEqual({
        type: 'MAP_VERSION_BELOW_REQUIRED',
        documentType: 'dualWriteMap',
        recordId: mapName,
        legalEntity: '',
        projectId: '',
        amount: '0',
        currency: 'XXX',
        causes: [
          expect.stringContaining(`${mapName} runs version ${version}, but version ${required} or later`),
        ],
        remedy: 'upgrade-map',
      });
    }
  });

  it.each<[MapState | null, number]>([
    ['Running', 1],
    [null, 1],
    ['Paused', 2],
    ['Error', 2],
  ])('a map in state %s below its version gives %i cause(s)', (state, count) => {
    const causes = evaluateMap(map('msdyn_actuals', '1.0.0.9', state))?.causes ?? [];
    expect(causes).toHaveLength(count);
    if (count === 2)
      expect(causes[1]).toBe(
        `The map is in state ${state}, so records it carries are not being synchronised.`,
      );
  });

  it('publishes as a valid recon.discrepancies.v1 event', () => {
    const finding = evaluateMap(map('msdyn_actuals', '1.0.0.9'));
    const [transition] = diffFindings(finding === null ? [] : [finding], [], seenAt);
    expect(transition).toBeDefined();
    const event = DiscrepancyEventSchema.parse(
      toDiscrepancyEvent(transition!, '0b7e5c52-7d0e-4a0b-9f8e-2f4a3c1d9e61'),
    );
    expect(event.discrepancyId).toBe('MAP_VERSION_BELOW_REQUIRED:dualWriteMap:msdyn_actuals');
  });
});
