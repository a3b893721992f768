import { splitIntoLanes } from './batch-consumer';
import type { ConsumedMessage } from './consumed-message';

const batch = (topic: string, partition: number, count: number) => ({
  messages: Array.from({ length: count }, (_, i): ConsumedMessage => ({
    topic,
    partition,
    offset: String(i),
    key: null,
    value: null,
    headers: {},
    timestamp: '0',
  })),
});

const partitionsOf = (lane: ConsumedMessage[]) => [...new Set(lane.map((m) => `${m.topic}:${m.partition}`))];

describe('splitIntoLanes', () => {
  it.each([
    { lanes: 1, sizes: [5, 3, 2], expected: [10] },
    { lanes: 2, sizes: [5, 3, 2], expected: [5, 5] },
    { lanes: 3, sizes: [5, 3, 2], expected: [5, 3, 2] },
    { lanes: 4, sizes: [5, 3], expected: [5, 3] },
    { lanes: 2, sizes: [1, 1, 1, 1, 1, 1, 1], expected: [4, 3] },
  ])('deals $sizes to $lanes lanes as $expected', ({ lanes, sizes, expected }) => {
    const result = splitIntoLanes(
      sizes.map((n, i) => batch('t', i, n)),
      lanes,
    );
    expect(result.map((lane) => lane.length)).toEqual(expected);
  });

  it('never splits a partition, and keeps its messages contiguous and in offset order', () => {
    const batches = [batch('a', 0, 4), batch('a', 1, 3), batch('b', 0, 4), batch('b', 1, 1)];
    const lanes = splitIntoLanes(batches, 2);
    const seen = lanes.flatMap(partitionsOf);
    expect(seen).toHaveLength(new Set(seen).size);
    for (const lane of lanes)
      for (const partition of partitionsOf(lane)) {
        const offsets = lane.filter((m) => `${m.topic}:${m.partition}` === partition).map((m) => m.offset);
        const first = lane.findIndex((m) => `${m.topic}:${m.partition}` === partition);
        expect(
          lane.slice(first, first + offsets.length).every((m) => `${m.topic}:${m.partition}` === partition),
        ).toBe(true);
        expect(offsets).toEqual(offsets.map((_, i) => String(i)));
      }
  });

  it('gives no empty lane', () => {
    expect(splitIntoLanes([], 3)).toEqual([]);
  });
});
