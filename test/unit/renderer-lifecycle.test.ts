// The console views' timers run on the Scheduler they are given and end with their owner: ack
// batches, debounces, the RFB channel's close and the stream router's start.

import { describe, expect, it } from 'vitest';
import { ACK_DELAY_MS, AckBatcher } from '../../renderer/src/features/console/ackBatcher';
import { ConsoleStreams } from '../../renderer/src/features/console/consoleStreams';
import { createRfbChannel } from '../../renderer/src/features/console/rfbChannel';
import { Debounced } from '../../renderer/src/ui/debounce';
import { createFakeScheduler } from '../kit/fake-scheduler';

describe('renderer timers on a Scheduler', () => {
  it('batches acks on the given scheduler and clears its timer on dispose', () => {
    const scheduler = createFakeScheduler();
    const sent: number[] = [];
    const acks = new AckBatcher((n) => sent.push(n), scheduler);
    acks.add(10);
    expect(scheduler.pending).toBe(1);
    scheduler.advance(ACK_DELAY_MS);
    expect(sent).toEqual([10]);
    acks.add(5);
    acks.dispose();
    expect(scheduler.pending).toBe(0);
    scheduler.advance(ACK_DELAY_MS);
    expect(sent).toEqual([10]);
  });

  it('debounces: each schedule restarts the wait; dispose cancels it', () => {
    const scheduler = createFakeScheduler();
    let runs = 0;
    const d = new Debounced(scheduler, 50, () => runs++);
    d.schedule();
    scheduler.advance(40);
    d.schedule();
    scheduler.advance(40);
    expect(runs).toBe(0);
    scheduler.advance(10);
    expect(runs).toBe(1);
    d.schedule();
    d.dispose();
    d.schedule(); // a late call from a view that is gone
    scheduler.advance(100);
    expect(runs).toBe(1);
    expect(scheduler.pending).toBe(0);
  });

  it('reports a local RFB close on the next turn, or at once when the view goes', () => {
    const scheduler = createFakeScheduler();
    const closes: number[] = [];
    const a = createRfbChannel(() => undefined, scheduler);
    a.onclose = (e) => closes.push(e.code);
    a.close();
    expect(closes).toEqual([]);
    scheduler.advance(0);
    expect(closes).toEqual([1000]);

    const b = createRfbChannel(() => undefined, scheduler);
    b.onclose = (e) => closes.push(e.code);
    b.close();
    b.dispose();
    expect(closes).toEqual([1000, 1000]);
    expect(scheduler.pending).toBe(0);
    b.dispose();
    expect(closes).toEqual([1000, 1000]);
  });

  it('stops listening and drops pending acks when the stream router is disposed', async () => {
    const scheduler = createFakeScheduler();
    let listening = 0;
    const acks: number[] = [];
    const streams = new ConsoleStreams(
      {
        onStream: () => {
          listening++;
          return { dispose: () => void listening-- };
        },
        ack: (_id, bytes) => acks.push(bytes),
      },
      scheduler,
    );
    const started = streams.start();
    expect(listening).toBe(1);
    streams.setGeneration('c1', 1);
    streams.ack('c1', 100);
    expect(scheduler.pending).toBe(1);
    await started.dispose();
    expect(listening).toBe(0);
    expect(scheduler.pending).toBe(0);
    scheduler.advance(ACK_DELAY_MS);
    expect(acks).toEqual([]);
  });
});
