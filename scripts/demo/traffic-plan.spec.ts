import { parseSourceMessage } from '@po-sync/contracts';
import { decimalText, expectedDiscrepancies, heldBackActualIds } from './traffic-expectations';
import { FAULT_KINDS, type FaultKind, TrafficGenerator } from './traffic-plan';

const COUNTS: Partial<Record<FaultKind, number>> = {
  neverSynced: 7,
  lostActual: 5,
  wrongAmount: 6,
  leftInDraft: 4,
  oldMap: 3,
  duplicate: 9,
  outOfOrder: 8,
  malformed: 5,
};

function run(seed: number, prefix = 'p.') {
  const generator = new TrafficGenerator({ seed, prefix });
  let t = Date.parse('2026-11-02T10:00:00Z');
  const messages = [
    ...generator.setup(new Date(t)),
    ...generator.batch(() => new Date((t += 50)), 120, COUNTS),
  ];
  return { generator, messages };
}

describe('demo traffic plan', () => {
  it('reproduces a run exactly from its seed and the same clock, and differs for another seed', () => {
    expect(run(7).messages).toEqual(run(7).messages);
    expect(run(8).messages.map((m) => m.key)).not.toEqual(run(7).messages.map((m) => m.key));
  });

  it('injects exactly the requested faults, and a document without actual carries no other fault', () => {
    const { generator } = run(11);
    for (const kind of FAULT_KINDS) {
      expect(generator.documents.filter((d) => d.faults.includes(kind))).toHaveLength(COUNTS[kind] ?? 0);
    }
    for (const doc of generator.documents.filter((d) => d.costActual === null))
      expect(doc.faults).toHaveLength(1);
  });

  it('sends only contract-valid messages on the prefixed source topics, except the malformed ones', () => {
    const { generator, messages } = run(3);
    const malformed = new Set(generator.documents.flatMap((d) => d.malformed));
    for (const m of messages) {
      expect(m.topic.startsWith('p.')).toBe(true);
      const parsed = parseSourceMessage(m.topic.slice(2), Buffer.from(m.value));
      expect({ value: m.value, ok: parsed.ok }).toEqual({ value: m.value, ok: !malformed.has(m.value) });
    }
    expect(messages.filter((m) => malformed.has(m.value))).toHaveLength(COUNTS.malformed!);
  });

  it('expects one finding per document fault, and the map finding only when the latest actual came through an old map', () => {
    const { generator } = run(5);
    const expected = expectedDiscrepancies(generator);
    const ofType = (type: string) => expected.filter((e) => e.type === type).length;
    expect(ofType('MISSING_ACTUAL')).toBe(COUNTS.neverSynced! + COUNTS.lostActual!);
    expect(ofType('AMOUNT_MISMATCH')).toBe(COUNTS.wrongAmount);
    expect(ofType('JOURNAL_NOT_POSTED')).toBe(COUNTS.leftInDraft);
    expect(ofType('OUT_OF_SYNC_ACTUAL')).toBe(COUNTS.leftInDraft);
    expect(heldBackActualIds(generator).size).toBe(COUNTS.leftInDraft);
    const mapOpen = ofType('MAP_VERSION_BELOW_REQUIRED') === 1;
    expect(mapOpen).toBe(generator.mapSightings.get('msdyn_actuals')?.version !== '1.0.0.20');

    generator.document(new Date('2026-11-02T11:00:00Z'), ['oldMap']);
    expect(expectedDiscrepancies(generator).filter((e) => e.type === 'MAP_VERSION_BELOW_REQUIRED')).toEqual([
      expect.objectContaining({
        recordId: 'msdyn_actuals',
        amount: '0',
        currency: 'XXX',
        remedy: 'upgrade-map',
      }),
    ]);
  });

  it('writes amounts as the rules do', () => {
    expect([
      decimalText(1250),
      decimalText(100),
      decimalText(1201),
      decimalText(5),
      decimalText(-30),
    ]).toEqual(['12.5', '1', '12.01', '0.05', '-0.3']);
  });
});
