import { randomBytes } from 'node:crypto';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { FastDefaultPartitioner, murmur2 } from './partitioner';

// kafkajs's own implementation, the reference the fast one must match bit for bit.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer,
) => number;

const partitions = (count: number, leaderless: number[] = []): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe('murmur2', () => {
  it.each([
    // Known values of Kafka's Java client (UtilsTest.testMurmur2 and the partitioner's tests).
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('%s hashes as in the Java client', (key, expected) => {
    expect(murmur2(Buffer.from(key))).toBe(expected);
  });

  it('equals kafkajs on random keys of every length, ASCII and multi-byte', () => {
    const keys: Buffer[] = [Buffer.alloc(0)];
    for (let length = 1; length <= 64; length++) for (let i = 0; i < 20; i++) keys.push(randomBytes(length));
    for (let i = 0; i < 200; i++) keys.push(Buffer.from(`ACT-${randomBytes(8).toString('hex')}-é€😀-${i}`));
    for (const key of keys) expect(murmur2(key)).toBe(kafkajsMurmur2(key));
  });
});

describe('FastDefaultPartitioner', () => {
  const topic = 'ingestion.actuals.v1';

  it('sends every key to the partition kafkajs would', () => {
    const fast = FastDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const count of [1, 3, 6, 7]) {
      for (let i = 0; i < 500; i++) {
        const args = {
          topic,
          partitionMetadata: partitions(count),
          message: {
            key: i % 2 ? `EXP-${i}-${randomBytes(4).toString('hex')}` : randomBytes(i % 40),
            value: 'v',
          },
        };
        expect(fast(args)).toBe(reference(args));
      }
    }
  });

  it('keeps an explicit partition', () => {
    const fast = FastDefaultPartitioner();
    expect(
      fast({ topic, partitionMetadata: partitions(6), message: { key: 'k', value: 'v', partition: 4 } }),
    ).toBe(4);
  });

  it('deals keyless messages round robin over the partitions that have a leader', () => {
    const fast = FastDefaultPartitioner();
    const chosen = Array.from({ length: 12 }, () =>
      fast({ topic, partitionMetadata: partitions(4, [1]), message: { key: null, value: 'v' } }),
    );
    expect(new Set(chosen)).toEqual(new Set([0, 2, 3]));
    const cycle = chosen.slice(0, 3);
    expect(chosen).toEqual([...cycle, ...cycle, ...cycle, ...cycle]);
  });
});
