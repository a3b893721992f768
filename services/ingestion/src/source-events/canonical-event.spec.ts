import { type AcceptedEvent, canonicalEventId, latestPerRecord, toCanonicalEvent } from './canonical-event';

const event = (eventId: string, recordId: string, occurredAt: string, offset: string): AcceptedEvent => ({
  sourceTopic: 'dataverse.actuals.v1',
  offset,
  recordId,
  envelope: {
    eventId,
    entity: 'msdyn_actual',
    operation: 'upsert',
    occurredAt,
    mapVersion: '1.0.0.20',
    data: { n: eventId },
  },
});

describe('latestPerRecord', () => {
  it.each([
    [
      'keeps the newest change of a record',
      [event('e1', 'A', '2026-01-01T00:00:00Z', '1'), event('e2', 'A', '2026-01-02T00:00:00Z', '2')],
      ['e2'],
    ],
    [
      'an older change arriving later loses',
      [event('e2', 'A', '2026-01-02T00:00:00Z', '1'), event('e1', 'A', '2026-01-01T00:00:00Z', '2')],
      ['e2'],
    ],
    [
      'equal instants: the later offset wins',
      [event('e1', 'A', '2026-01-01T00:00:00Z', '7'), event('e2', 'A', '2026-01-01T00:00:00Z', '9')],
      ['e2'],
    ],
    [
      'a duplicate delivery counts once',
      [event('e1', 'A', '2026-01-01T00:00:00Z', '1'), event('e1', 'A', '2026-01-01T00:00:00Z', '2')],
      ['e1'],
    ],
    [
      'different records are all kept',
      [event('e1', 'A', '2026-01-01T00:00:00Z', '1'), event('e2', 'B', '2026-01-01T00:00:00Z', '2')],
      ['e1', 'e2'],
    ],
  ])('%s', (_case, events, expected) => {
    expect(latestPerRecord(events).map((e) => e.envelope.eventId)).toEqual(expected);
  });
});

describe('canonicalEventId', () => {
  it('is a stable RFC 4122 name-based UUID of the source event id', () => {
    const id = canonicalEventId('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(canonicalEventId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(id);
    expect(canonicalEventId('7c9e6679-7425-40de-944b-e07fc1f90ae7')).not.toBe(id);
  });
});

describe('toCanonicalEvent', () => {
  it('carries the source coordinates and the data unchanged', () => {
    const canonical = toCanonicalEvent(event('e1', 'A', '2026-01-01T00:00:00Z', '1'), '2026-01-01T00:00:01Z');
    expect(canonical).toMatchObject({
      schemaVersion: 1,
      sourceEventId: 'e1',
      recordId: 'A',
      entity: 'msdyn_actual',
      operation: 'upsert',
      mapVersion: '1.0.0.20',
      ingestedAt: '2026-01-01T00:00:01Z',
      data: { n: 'e1' },
    });
  });
});
