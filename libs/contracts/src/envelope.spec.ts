import { z } from 'zod';
import { SourceEnvelopeSchema, sourceEnvelopeSchemas } from './envelope';
import { envelope, EVENT_ID } from './testing/fixtures';
import { problems, without } from './testing/expect';

const data = z.object({ id: z.string(), amount: z.string() });
const key = z.object({ id: z.string() });
const schemas = sourceEnvelopeSchemas('test.topic.v1', 'expense', data, key);
const valid = () => envelope('expense', { id: 'x', amount: '1' });

describe('SourceEnvelopeSchema', () => {
  it('accepts a valid envelope and keeps extra top-level keys (forward compatible)', () => {
    const parsed = SourceEnvelopeSchema.parse({ ...valid(), traceparent: '00-abc' });
    expect(parsed.traceparent).toBe('00-abc');
    expect(parsed.eventId).toBe(EVENT_ID);
  });

  it.each([
    ['eventId', 'not-a-uuid', /^eventId must be a UUID/],
    ['entity', 'msdyn_actuals', /^entity must be one of msdyn_actual, .*, not "msdyn_actuals"$/],
    ['operation', 'insert', /^operation must be one of upsert, delete, not "insert"$/],
    ['occurredAt', '2025-03-31T14:05:00', /^occurredAt must be an ISO-8601 instant with an offset/],
    ['occurredAt', 1743429900000, /^occurredAt must be a string, not a number$/],
    ['mapVersion', '1', /^mapVersion must be a dual-write map version/],
    ['data', [], /^data must be an object, not an array$/],
  ])('rejects a bad %s (%j)', (field, value, message) => {
    expect(problems(SourceEnvelopeSchema, { ...valid(), [field]: value })).toEqual([
      expect.stringMatching(message),
    ]);
  });

  it.each(['eventId', 'entity', 'operation', 'occurredAt', 'mapVersion', 'data'] as const)(
    'requires %s',
    (field) => {
      expect(problems(SourceEnvelopeSchema, without(valid(), field))).toEqual([`${field} is required`]);
    },
  );

  it('does not let a misspelt required key pass as an extra key', () => {
    const { mapVersion, ...rest } = valid();
    expect(problems(SourceEnvelopeSchema, { ...rest, mapversion: mapVersion })).toEqual([
      'mapversion is not a known field; did you mean mapVersion, which is missing?',
    ]);
  });
});

describe('sourceEnvelopeSchemas', () => {
  it('names topic and entity when the entity does not belong to the topic', () => {
    expect(problems(schemas.upsert, { ...valid(), entity: 'msdyn_actual' })).toEqual([
      'entity is "msdyn_actual", but topic test.topic.v1 carries only "expense" records',
    ]);
  });

  it('upsert requires the full record', () => {
    expect(problems(schemas.upsert, envelope('expense', { id: 'x' }))).toEqual(['data.amount is required']);
  });

  it('delete needs only the key fields', () => {
    const parsed = schemas.delete.parse(envelope('expense', { id: 'x' }, 'delete'));
    expect(parsed.data).toEqual({ id: 'x' });
  });

  it('the union picks the shape by operation', () => {
    expect(schemas.any.parse(envelope('expense', { id: 'x' }, 'delete')).operation).toBe('delete');
    expect(problems(schemas.any, envelope('expense', { id: 'x' }, 'upsert'))).toEqual([
      'data.amount is required',
    ]);
  });
});
