import { describe, expect, it, vi } from 'vitest';
import { Emitter, EmitterMap } from '../../shared/emitter';
import {
  createScheduler,
  DisposableStore,
  liveLifecycle,
  toDisposable,
} from '../../shared/lifecycle';

describe('DisposableStore', () => {
  it('stops members newest first, each finished before the next starts', async () => {
    const order: string[] = [];
    const store = new DisposableStore('test');
    store.defer(() => void order.push('socket'));
    store.defer(async () => {
      order.push('session: stopping');
      await new Promise((r) => setImmediate(r));
      order.push('session: stopped');
    });
    store.defer(() => void order.push('listener'));
    await store.dispose();
    expect(order).toEqual(['listener', 'session: stopping', 'session: stopped', 'socket']);
    expect(store.isDisposed).toBe(true);
  });

  it('stops synchronous members within the dispose call itself', () => {
    const order: string[] = [];
    const store = new DisposableStore('test');
    store.defer(() => void order.push('a'));
    store.defer(() => void order.push('b'));
    void store.dispose();
    expect(order).toEqual(['b', 'a']);
  });

  it('disposes at once what is added after it was disposed, and each member only once', async () => {
    const store = new DisposableStore('test');
    const first = vi.fn();
    store.defer(first);
    await store.dispose();
    await store.dispose();
    expect(first).toHaveBeenCalledTimes(1);
    const late = vi.fn();
    store.defer(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('runs every clean-up even when some fail, then reports the failures', async () => {
    const store = new DisposableStore('test');
    const last = vi.fn();
    store.defer(last);
    store.defer(() => {
      throw new Error('one');
    });
    store.defer(async () => Promise.reject(new Error('two')));
    await expect(store.dispose()).rejects.toThrow('Several clean-ups failed');
    expect(last).toHaveBeenCalled();
  });

  it('release stops one member early; forget lets one go without stopping it', async () => {
    const store = new DisposableStore('test');
    const released = vi.fn();
    const forgotten = vi.fn();
    const a = store.defer(released);
    const b = store.add(toDisposable(forgotten));
    await store.release(a);
    expect(released).toHaveBeenCalledTimes(1);
    store.forget(b);
    await store.dispose();
    expect(released).toHaveBeenCalledTimes(1);
    expect(forgotten).not.toHaveBeenCalled();
  });

  it('is listed as live until disposed', async () => {
    const store = new DisposableStore('ProfileSession p1');
    expect(liveLifecycle()).toContainEqual({ kind: 'store', label: 'ProfileSession p1' });
    await store.dispose();
    expect(liveLifecycle()).not.toContainEqual({ kind: 'store', label: 'ProfileSession p1' });
  });
});

describe('Scheduler', () => {
  const scheduler = createScheduler();
  const live = (label: string) =>
    liveLifecycle().filter((r) => r.kind === 'timer' && r.label === label).length;

  it('counts a timer as live until it fires, and an interval until it is disposed', async () => {
    const fired = new Promise<void>((resolve) =>
      scheduler.setTimeout(resolve, 1, { label: 'once' }),
    );
    expect(live('once')).toBe(1);
    await fired;
    expect(live('once')).toBe(0);

    let ticks = 0;
    const interval = scheduler.setInterval(() => void ticks++, 1, { label: 'loop', unref: true });
    expect(live('loop')).toBe(1);
    await vi.waitFor(() => expect(ticks).toBeGreaterThan(1));
    interval.dispose();
    expect(live('loop')).toBe(0);
    const after = ticks;
    await new Promise((r) => setTimeout(r, 10));
    expect(ticks).toBe(after);
  });

  it('a disposed timeout never fires', async () => {
    const fn = vi.fn();
    scheduler.setTimeout(fn, 1, { label: 'cancelled' }).dispose();
    await new Promise((r) => setTimeout(r, 10));
    expect(fn).not.toHaveBeenCalled();
    expect(live('cancelled')).toBe(0);
  });

  it('delay rejects with the reason when aborted, and leaves no timer behind', async () => {
    const abort = new AbortController();
    const waiting = scheduler.delay(60_000, { signal: abort.signal, label: 'long wait' });
    expect(live('long wait')).toBe(1);
    abort.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(live('long wait')).toBe(0);
  });
});

describe('Emitter', () => {
  it('keeps calling the other listeners when one throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>((err) => errors.push(err));
    const seen: number[] = [];
    emitter.on(() => {
      throw new Error('broken window');
    });
    const sub = emitter.on((v) => seen.push(v));
    emitter.fire(1);
    sub.dispose();
    emitter.fire(2);
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it('routes named events to their own listeners only', () => {
    const hub = new EmitterMap<{ a: string; b: number }>();
    const a: string[] = [];
    hub.on('a', (v) => a.push(v));
    hub.fire('b', 1);
    hub.fire('a', 'x');
    hub.dispose();
    hub.fire('a', 'y');
    expect(a).toEqual(['x']);
  });
});
