import { chunkForRequests } from './publisher';

const message = (bytes: number) => ({ key: 'k', value: 'x'.repeat(bytes) });

describe('chunkForRequests', () => {
  it.each([
    ['nothing', [], 1000, []],
    ['one small batch', [{ topic: 'a', messages: [message(10), message(10)] }], 1000, [[['a', 2]]]],
    [
      'a batch over the limit is cut',
      [{ topic: 'a', messages: [message(400), message(400), message(400)] }],
      1000,
      [[['a', 2]], [['a', 1]]],
    ],
    [
      'topics share a request until it is full',
      [
        { topic: 'a', messages: [message(300)] },
        { topic: 'b', messages: [message(300), message(300), message(300)] },
      ],
      1000,
      [
        [
          ['a', 1],
          ['b', 1],
        ],
        [['b', 2]],
      ],
    ],
    [
      'a single message larger than the limit still goes alone',
      [{ topic: 'a', messages: [message(5000)] }],
      1000,
      [[['a', 1]]],
    ],
  ])('%s', (_case, batches, limit, expected) => {
    const chunks = [...chunkForRequests(batches, limit)].map((chunk) =>
      chunk.map((c) => [c.topic, c.messages.length]),
    );
    expect(chunks).toEqual(expected);
  });

  it('keeps every message, in order', () => {
    const messages = Array.from({ length: 500 }, (_, i) => ({
      key: String(i),
      value: { i, pad: 'y'.repeat(200) },
    }));
    const out = [...chunkForRequests([{ topic: 't', messages }], 10_000)].flatMap((chunk) =>
      chunk.flatMap((c) => c.messages),
    );
    expect(out.map((m) => m.key)).toEqual(messages.map((m) => m.key));
  });
});
