import { describe, expect, it, vi } from 'vitest';
import {
  ACK_BATCH_BYTES,
  ACK_DELAY_MS,
  AckBatcher,
} from '../../renderer/src/features/console/ackBatcher';
import {
  ConsoleStreams,
  type StreamSink,
} from '../../renderer/src/features/console/consoleStreams';
import { createRfbChannel } from '../../renderer/src/features/console/rfbChannel';

function fakeBackend() {
  let listener: ((id: string, data: Uint8Array) => void) | undefined;
  const acks: [string, number][] = [];
  return {
    acks,
    push: (id: string, ...bytes: number[]) => listener?.(id, new Uint8Array(bytes)),
    backend: {
      onStream(l: (id: string, data: Uint8Array) => void) {
        listener = l;
        return { dispose: () => void (listener = undefined) };
      },
      ack: (id: string, bytes: number) => acks.push([id, bytes]),
    },
  };
}

function recordingSink(generation?: number) {
  const seen: (string | number[])[] = [];
  const sink: StreamSink = {
    generation,
    write: (d) => seen.push([...d]),
    newGeneration: (g) => seen.push(`gen ${g}`),
  };
  return { seen, sink };
}

describe('ack batching', () => {
  it('acknowledges at once past the batch size, else at the end of a burst', () => {
    vi.useFakeTimers();
    try {
      const sent: number[] = [];
      const acks = new AckBatcher((n) => sent.push(n));
      acks.add(1000);
      acks.add(2000);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(ACK_DELAY_MS);
      expect(sent).toEqual([3000]);
      acks.add(ACK_BATCH_BYTES - 1);
      acks.add(1);
      expect(sent).toEqual([3000, ACK_BATCH_BYTES]);
      vi.advanceTimersByTime(ACK_DELAY_MS * 2);
      expect(sent).toEqual([3000, ACK_BATCH_BYTES]);
      acks.add(5);
      acks.dispose();
      vi.advanceTimersByTime(ACK_DELAY_MS * 2);
      expect(sent).toEqual([3000, ACK_BATCH_BYTES]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('console stream routing', () => {
  it('keeps bytes until the view attaches, then delivers them in order', () => {
    const f = fakeBackend();
    const streams = new ConsoleStreams(f.backend);
    const stop = streams.start();
    f.push('c1', 1, 2);
    f.push('c1', 3);
    f.push('c2', 9);
    const { seen, sink } = recordingSink();
    streams.attach('c1', sink);
    expect(seen).toEqual([[1, 2], [3]]);
    f.push('c1', 4);
    expect(seen).toEqual([[1, 2], [3], [4]]);
    void stop.dispose();
  });

  it('marks a terminal’s new generation where it falls among the bytes', () => {
    const f = fakeBackend();
    const streams = new ConsoleStreams(f.backend);
    streams.start();
    streams.setGeneration('t', 1);
    f.push('t', 1);
    streams.setGeneration('t', 2);
    f.push('t', 2);
    streams.setGeneration('t', 2); // repeated (call result after the event): no second mark
    const { seen, sink } = recordingSink();
    streams.attach('t', sink);
    expect(seen).toEqual([[1], 'gen 2', [2]]);
  });

  it('gives a VNC view only its generation: older bytes are acknowledged and dropped, newer wait', () => {
    vi.useFakeTimers();
    try {
      const f = fakeBackend();
      const streams = new ConsoleStreams(f.backend);
      streams.start();
      streams.setGeneration('v', 1);
      f.push('v', 1, 1);
      streams.setGeneration('v', 2);
      f.push('v', 2, 2, 2);
      const second = recordingSink(2);
      streams.attach('v', second.sink);
      expect(second.seen).toEqual([[2, 2, 2]]);
      vi.advanceTimersByTime(ACK_DELAY_MS);
      expect(f.acks).toEqual([['v', 2]]);

      // Bytes of generation 3 arrive while the generation-2 view is still attached.
      streams.setGeneration('v', 3);
      f.push('v', 3);
      expect(second.seen).toEqual([[2, 2, 2]]);
      const third = recordingSink(3);
      streams.attach('v', third.sink);
      expect(third.seen).toEqual([[3]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('bytes that came before anything was known belong to the first generation', () => {
    const f = fakeBackend();
    const streams = new ConsoleStreams(f.backend);
    streams.start();
    f.push('p', 7); // a replay racing the attach result
    streams.setGeneration('p', 4);
    const { seen, sink } = recordingSink(4);
    streams.attach('p', sink);
    expect(seen).toEqual([[7]]);
  });

  it('forgets a closed console: nothing waits, nothing is acknowledged any more', () => {
    vi.useFakeTimers();
    try {
      const f = fakeBackend();
      const streams = new ConsoleStreams(f.backend);
      streams.start();
      f.push('x', 1);
      streams.ack('x', 10);
      streams.forget('x');
      f.push('x', 2); // in flight when it closed
      vi.advanceTimersByTime(ACK_DELAY_MS * 2);
      // The pending ack was flushed when forgotten, nothing after.
      expect(f.acks).toEqual([['x', 10]]);
      const { seen, sink } = recordingSink();
      streams.attach('x', sink);
      expect(seen).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the RFB channel', () => {
  it('copies what noVNC sends (its buffer is reused)', () => {
    const sent: Uint8Array[] = [];
    const channel = createRfbChannel((b) => sent.push(b));
    const buffer = new Uint8Array([1, 2, 3, 4]);
    channel.send(buffer.subarray(0, 2));
    buffer.fill(9);
    expect(sent.map((b) => [...b])).toEqual([[1, 2]]);
    // noVNC checks these as own properties of the channel.
    for (const prop of [
      'send',
      'close',
      'binaryType',
      'onerror',
      'onmessage',
      'onopen',
      'protocol',
      'readyState',
    ])
      expect(Object.keys(channel)).toContain(prop);
    expect(channel.readyState).toBe('open');
  });

  it('delivers bytes as ArrayBuffer messages of exactly those bytes', () => {
    const channel = createRfbChannel(() => undefined);
    const got: number[][] = [];
    const backing = new Uint8Array([0, 5, 6, 7, 0]);
    channel.deliver(backing.subarray(1, 3)); // before onmessage: kept
    channel.onmessage = (ev) => got.push([...new Uint8Array(ev.data)]);
    channel.deliver(backing.subarray(3, 4));
    expect(got).toEqual([[5, 6], [7]]);
  });

  it('closes like a WebSocket: close() reports asynchronously, a remote close at once', async () => {
    const local = createRfbChannel(() => undefined);
    const closes: number[] = [];
    local.onclose = (e) => closes.push(e.code);
    local.close();
    expect(local.readyState).toBe('closed');
    expect(closes).toEqual([]);
    await new Promise((r) => setTimeout(r, 5));
    expect(closes).toEqual([1000]);

    const remote = createRfbChannel(() => undefined);
    const sent: Uint8Array[] = [];
    remote.onclose = (e) => closes.push(e.code);
    remote.remoteClose(1006, 'gone');
    expect(closes).toEqual([1000, 1006]);
    remote.send(new Uint8Array([1]));
    remote.deliver(new Uint8Array([1]));
    expect(sent).toEqual([]);
  });
});
