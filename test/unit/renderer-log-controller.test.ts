// The window's log streams outside React: open or focus, events to each stream's store, batched
// acknowledgements, older pages, a failed open as a tab that says why, close and Stop.

import { describe, expect, it } from 'vitest';
import { DeckhandError } from '../../shared/errors';
import type {
  CallArgs,
  CallName,
  DeckhandApi,
  IpcEvents,
  NotificationArgs,
  NotificationName,
} from '../../shared/ipc';
import type { LogEntry, LogSourceSpec, LogStreamInfo } from '../../shared/logs';
import { LogController, MERGED_TAB } from '../../renderer/src/features/logs/logController';
import { ACK_BATCH_ENTRIES, ACK_DELAY_MS } from '../../renderer/src/features/logs/logStream';
import { openLog, setLogController } from '../../renderer/src/features/logs/openLog';
import { createFakeScheduler } from '../kit/fake-scheduler';

const spec: LogSourceSpec = { kind: 'node-journal', profileId: 'p1', node: 'pve1' };
const taskSpec: LogSourceSpec = {
  kind: 'task',
  profileId: 'p1',
  upid: 'UPID:pve1:00001:00002:65000000:vzstart:101:root@pam:',
};

function info(streamId: string, extra: Partial<LogStreamInfo> = {}): LogStreamInfo {
  return {
    streamId,
    spec,
    title: 'pve1 journal',
    status: 'following',
    canLoadOlder: true,
    dropped: 0,
    ...extra,
  };
}

const entries = (from: number, n: number): LogEntry[] =>
  Array.from({ length: n }, (_, i) => ({ seq: from + i, text: `line ${from + i}` }));

function fakeApi(handlers: Partial<Record<CallName, (args: unknown) => Promise<unknown>>>) {
  const calls: [CallName, unknown][] = [];
  const acks: NotificationArgs<'logs.ack'>[] = [];
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const api: DeckhandApi = {
    invoke<K extends CallName>(name: K, args: CallArgs<K>) {
      calls.push([name, args]);
      const h = handlers[name];
      return (h ? h(args) : Promise.resolve(undefined)) as never;
    },
    on<E extends keyof IpcEvents>(name: E, l: (p: IpcEvents[E]) => void) {
      const list = listeners.get(name) ?? [];
      list.push(l as (p: unknown) => void);
      listeners.set(name, list);
      return {
        dispose: () => {
          listeners.set(
            name,
            (listeners.get(name) ?? []).filter((x) => x !== l),
          );
        },
      };
    },
    notify<K extends NotificationName>(name: K, args: NotificationArgs<K>) {
      if (name === 'logs.ack') acks.push(args as NotificationArgs<'logs.ack'>);
    },
    write: () => undefined,
    onStream: () => ({ dispose: () => undefined }),
  };
  const emit = <E extends keyof IpcEvents>(name: E, payload: IpcEvents[E]) =>
    listeners.get(name)?.forEach((l) => l(payload));
  return { api, calls, acks, emit, named: (n: CallName) => calls.filter(([c]) => c === n) };
}

const silent = { callFailed: () => undefined };

describe('the log controller', () => {
  it('opens a stream once, and focuses its tab when asked again', async () => {
    let resolve!: (v: LogStreamInfo) => void;
    const f = fakeApi({ 'logs.open': () => new Promise((r) => (resolve = r)) });
    const c = new LogController(f.api, silent, createFakeScheduler());
    c.start();
    const first = c.open(spec);
    const second = c.open({ ...spec, range: { preset: 'live' } });
    resolve(info('s1'));
    expect(await first).toBe('s1');
    expect(await second).toBe('s1');
    expect(f.named('logs.open')).toHaveLength(1);
    c.activate(null);
    await c.open(spec);
    expect(f.named('logs.open')).toHaveLength(1);
    expect(c.getState().active).toBe('s1');
  });

  it('applies entries (also those that came before the open answered) and acks them in batches', async () => {
    const scheduler = createFakeScheduler();
    let resolve!: (v: LogStreamInfo) => void;
    const f = fakeApi({ 'logs.open': () => new Promise((r) => (resolve = r)) });
    const c = new LogController(f.api, silent, scheduler);
    const started = c.start();
    const opened = c.open(spec);
    f.emit('logLines', { streamId: 's1', entries: entries(1, 3) });
    resolve(info('s1'));
    await opened;
    const stream = c.stream('s1')!;
    expect(stream.getSnapshot().entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    f.emit('logLines', { streamId: 's1', entries: entries(4, 2) });
    expect(f.acks).toEqual([]);
    scheduler.advance(ACK_DELAY_MS);
    expect(f.acks).toEqual([{ streamId: 's1', count: 5 }]);

    // A big batch is acknowledged at once.
    f.emit('logLines', { streamId: 's1', entries: entries(6, ACK_BATCH_ENTRIES) });
    expect(f.acks[1]).toEqual({ streamId: 's1', count: ACK_BATCH_ENTRIES });
    expect(stream.getSnapshot().entries).toHaveLength(5 + ACK_BATCH_ENTRIES);

    f.emit(
      'logStream',
      info('s1', { status: 'reconnecting', message: 'pve1 is unreachable', dropped: 7 }),
    );
    expect(stream.getSnapshot().info.status).toBe('reconnecting');
    expect(stream.getSnapshot().dropped).toBe(7);
    started.dispose();
    expect(scheduler.pending).toBe(0);
  });

  it('loads older pages in front until core says there are no more', async () => {
    let more = true;
    const f = fakeApi({
      'logs.open': async () => info('s1'),
      'logs.older': async () => ({ entries: entries(-3, 3), more }),
    });
    const c = new LogController(f.api, silent, createFakeScheduler());
    c.start();
    await c.open(spec);
    f.emit('logLines', { streamId: 's1', entries: entries(0, 2) });
    const stream = c.stream('s1')!;
    expect(await stream.loadOlder()).toBe(3);
    expect(f.named('logs.older')).toEqual([['logs.older', { streamId: 's1', count: 500 }]]);
    expect(stream.getSnapshot().entries.map((e) => e.seq)).toEqual([-3, -2, -1, 0, 1]);
    more = false;
    expect(await stream.loadOlder()).toBe(0); // the same page again adds nothing
    expect(await stream.loadOlder()).toBe(0);
    expect(f.named('logs.older')).toHaveLength(2);
  });

  it('shows a stream that could not be opened as a failed tab that says why, and retries it', async () => {
    let fail = true;
    const f = fakeApi({
      'logs.open': async () => {
        if (fail) {
          throw new DeckhandError({
            kind: 'permission',
            message: 'A node shell needs root@pam: log in as root@pam to follow container journals',
          });
        }
        return info('s2');
      },
    });
    const c = new LogController(f.api, silent, createFakeScheduler());
    c.start();
    const id = (await c.open(spec))!;
    expect(c.stream(id)!.getSnapshot().info).toMatchObject({
      status: 'failed',
      title: 'pve1 journal',
      message:
        'You lack permission: A node shell needs root@pam: log in as root@pam to follow container journals',
    });
    fail = false;
    await c.retry(id);
    expect(c.getState().tabs.map((t) => t.streamId)).toEqual(['s2']);
    expect(f.named('logs.close')).toEqual([]); // nothing was open in core
  });

  it('closes a tab and its stream, and keeps the merged view to the open streams', async () => {
    let n = 0;
    const f = fakeApi({ 'logs.open': async (s) => info(`s${++n}`, { spec: s as LogSourceSpec }) });
    const c = new LogController(f.api, silent, createFakeScheduler());
    c.start();
    await c.open(spec);
    await c.open(taskSpec);
    c.toggleMerged('s1');
    c.toggleMerged('s2');
    c.activate(MERGED_TAB);
    expect(c.getState().merged).toEqual(['s1', 's2']);
    c.close('s1');
    expect(f.named('logs.close')).toEqual([['logs.close', { streamId: 's1' }]]);
    expect(c.getState()).toMatchObject({ active: MERGED_TAB, merged: ['s2'] });
    c.close('s2');
    expect(c.getState()).toMatchObject({ active: null, merged: [], tabs: [] });
  });

  it('stops a task through tasks.stop', async () => {
    const f = fakeApi({});
    const c = new LogController(f.api, silent, createFakeScheduler());
    await c.stopTask('p1', 'UPID:x');
    expect(f.named('tasks.stop')).toEqual([['tasks.stop', { profileId: 'p1', upid: 'UPID:x' }]]);
  });

  it('openLog opens through the window controller', async () => {
    const f = fakeApi({ 'logs.open': async () => info('s1') });
    const c = new LogController(f.api, silent, createFakeScheduler());
    setLogController(c);
    openLog(spec);
    await Promise.resolve();
    await Promise.resolve();
    expect(f.named('logs.open')).toEqual([['logs.open', spec]]);
    setLogController(undefined);
  });
});
