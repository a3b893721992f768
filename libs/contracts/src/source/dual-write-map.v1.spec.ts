import { dualWriteMap } from '../testing/fixtures';
import { problems, without } from '../testing/expect';
import { DualWriteMapDataSchema } from './dual-write-map.v1';

describe('DualWriteMapDataSchema', () => {
  it.each(['Running', 'Paused', 'Error'])('accepts state %s', (state) => {
    expect(DualWriteMapDataSchema.parse({ ...dualWriteMap(), state }).state).toBe(state);
  });

  it.each([
    [{ state: 'Stopped' }, 'state must be one of Running, Paused, Error, not "Stopped"'],
    [{ version: '1.0.0.20-preview' }, expect.stringMatching(/^version must be a dual-write map version/)],
    [{ version: 1.2 }, 'version must be a string, not a number'],
  ])('rejects %j', (patch, message) => {
    expect(problems(DualWriteMapDataSchema, { ...dualWriteMap(), ...patch })).toEqual([message]);
  });

  it.each(['mapName', 'version', 'state'] as const)('requires %s', (field) => {
    expect(problems(DualWriteMapDataSchema, without(dualWriteMap(), field))).toEqual([
      `${field} is required`,
    ]);
  });
});
