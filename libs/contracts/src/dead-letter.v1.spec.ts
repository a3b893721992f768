import { DeadLetterEventSchema } from './dead-letter.v1';
import * as f from './testing/fixtures';
import { problems } from './testing/expect';

const deadLetter = (patch: object = {}) => ({ ...f.deadLetter(), ...patch });

describe('DeadLetterEventSchema', () => {
  it.each([
    ['a complete dead letter', {}],
    ['a tombstone without key', { key: null, value: null }],
    ['an empty value', { value: '' }],
    ['no issues (not JSON)', { issues: [], reason: 'the message value is not valid JSON' }],
    ['a whole-message issue', { issues: [{ path: '', message: 'is not valid UTF-8 text' }] }],
  ])('accepts %s', (_case, patch) => {
    expect(DeadLetterEventSchema.safeParse(deadLetter(patch)).success).toBe(true);
  });

  it.each([
    [{ value: 'not base64!' }, expect.stringMatching(/^value must be standard base64/)],
    [{ value: 'abc' }, expect.stringMatching(/^value must be standard base64/)],
    [{ headers: { h: '***' } }, expect.stringMatching(/^headers\.h must be standard base64/)],
    [{ offset: 12 }, 'offset must be a string, not a number'],
    [{ offset: '-1' }, expect.stringMatching(/^offset must be a Kafka offset/)],
    [{ partition: -1 }, 'partition must be at least 0'],
    [{ reason: '' }, 'reason must not be empty'],
    [{ issues: [{ path: 'x' }] }, 'issues[0].message is required'],
  ])('rejects %j', (patch, message) => {
    expect(problems(DeadLetterEventSchema, deadLetter(patch))).toEqual([message]);
  });
});
