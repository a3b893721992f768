import { dualWriteMapEntries } from './dual-write-maps';

const at = new Date('2026-11-29T10:00:00Z');

describe('dual-write maps: required versus seen', () => {
  it('lists every required map, with the open discrepancy as the verdict and the versions seen, highest first', () => {
    const rows = dualWriteMapEntries(
      [
        {
          mapName: 'msdyn_actuals',
          status: 'open',
          causes: ['Dual-write map msdyn_actuals runs version 1.0.0.9'],
          firstDetectedAt: at,
          detectedAt: at,
          resolvedAt: null,
        },
      ],
      [
        { mapName: 'msdyn_actuals', version: '1.0.0.20', firstSeenAt: at, lastSeenAt: at, events: 3 },
        { mapName: 'msdyn_actuals', version: '1.0.0.9', firstSeenAt: at, lastSeenAt: at, events: 1 },
      ],
      [{ mapName: 'custom_map', version: '2.0', state: 'Paused', reportedAt: at }],
    );
    expect(rows.map((r) => r.mapName)).toEqual([
      'custom_map',
      'msdyn_actuals',
      'msdyn_expenses',
      'msdyn_projectvendorinvoicelines',
      'msdyn_projectvendorinvoices',
      'msdyn_transactionconnections',
    ]);
    const actuals = rows.find((r) => r.mapName === 'msdyn_actuals');
    expect(actuals).toMatchObject({
      requiredVersion: '1.0.0.20',
      belowRequired: true,
      reported: null,
      discrepancy: { status: 'open', causes: ['Dual-write map msdyn_actuals runs version 1.0.0.9'] },
    });
    expect(actuals?.seenVersions.map((v) => [v.version, v.belowRequired])).toEqual([
      ['1.0.0.20', false],
      ['1.0.0.9', true],
    ]);
    expect(rows.find((r) => r.mapName === 'custom_map')).toMatchObject({
      requiredVersion: null,
      reported: { version: '2.0', state: 'Paused', belowRequired: false },
      belowRequired: false,
      discrepancy: null,
    });
  });

  it('is not below required once the discrepancy is resolved', () => {
    const [row] = dualWriteMapEntries(
      [
        {
          mapName: 'msdyn_actuals',
          status: 'resolved',
          causes: [],
          firstDetectedAt: at,
          detectedAt: at,
          resolvedAt: at,
        },
      ],
      [],
      [],
    ).filter((r) => r.mapName === 'msdyn_actuals');
    expect(row?.belowRequired).toBe(false);
    expect(row?.discrepancy?.status).toBe('resolved');
  });
});
