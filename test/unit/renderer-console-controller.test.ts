import { describe, expect, it } from 'vitest';
import { DeckhandError } from '../../shared/errors';
import type { CallArgs, CallName, DeckhandApi, IpcEvents, StreamListener } from '../../shared/ipc';
import type { ConsoleInfo, ConsoleTarget } from '../../shared/model';
import type { BackendLinkState } from '../../renderer/src/bridge/backendLink';
import {
  ConsoleController,
  LINK_LOST_REASON,
  ORPHAN_REASON,
} from '../../renderer/src/features/console/consoleController';
import { followTreeSelection } from '../../renderer/src/features/console/followSelection';
import { initialAppState } from '../../renderer/src/store/appState';
import { createStore } from '../../renderer/src/store/createStore';

const target: ConsoleTarget = { profileId: 'p1', node: 'pve1', kind: 'lxc', vmid: 101 };

function info(consoleId: string, extra: Partial<ConsoleInfo> = {}): ConsoleInfo {
  return {
    consoleId,
    target,
    protocol: 'terminal',
    title: 'Demo · pve1 · proxy01 (101)',
    label: 'proxy01 (101)',
    status: 'connecting',
    generation: 1,
    since: 1,
    ...extra,
  };
}

/** A DeckhandApi whose console calls are scripted by the test. */
function fakeApi(handlers: Partial<Record<CallName, (args: unknown) => Promise<unknown>>>) {
  const calls: [CallName, unknown][] = [];
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
      return { dispose: () => undefined };
    },
    notify: () => undefined,
    write: () => undefined,
    onStream: (_l: StreamListener) => ({ dispose: () => undefined }),
  };
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  return { api, calls, emit };
}

const silent = { callFailed: () => undefined };

describe('the console controller', () => {
  it('opens a target once, however often it is asked while the call runs', async () => {
    let resolve!: (v: ConsoleInfo) => void;
    const f = fakeApi({ 'console.open': () => new Promise((r) => (resolve = r)) });
    const c = new ConsoleController(f.api, silent);
    c.start();
    const first = c.open(target);
    const second = c.open({ ...target });
    resolve(info('c1'));
    await Promise.all([first, second]);
    expect(f.calls.filter(([n]) => n === 'console.open')).toHaveLength(1);
    expect(c.getState()).toMatchObject({ active: 'c1', tabs: [{ consoleId: 'c1' }] });

    // Once open, another open just shows the tab.
    c.activate(null);
    await c.open(target);
    expect(f.calls.filter(([n]) => n === 'console.open')).toHaveLength(1);
    expect(c.getState().active).toBe('c1');
  });

  it('follows events and drops a tab whose console moved to another window', async () => {
    const f = fakeApi({ 'console.open': async () => info('c1') });
    const c = new ConsoleController(f.api, silent);
    c.start();
    await c.open(target);
    f.emit('console', info('c1', { status: 'connected', since: 2 }));
    expect(c.getState().tabs[0]?.status).toBe('connected');
    f.emit('console', info('c1', { status: 'closed', movedAway: true, since: 3 }));
    expect(c.getState()).toEqual({ tabs: [], active: null });
  });

  it('closing a tab closes its console', async () => {
    const f = fakeApi({ 'console.open': async () => info('c1') });
    const c = new ConsoleController(f.api, silent);
    c.start();
    await c.open(target);
    c.close('c1');
    expect(c.getState().tabs).toEqual([]);
    expect(f.calls).toContainEqual(['console.close', { consoleId: 'c1' }]);
  });

  it('reopens a console main no longer knows, in the same tab', async () => {
    const f = fakeApi({
      'console.open': async () => info(f.calls.length > 1 ? 'c2' : 'c1'),
      'console.reconnect': async () => {
        throw new DeckhandError({ kind: 'not-found', message: 'No open console c1' });
      },
    });
    const c = new ConsoleController(f.api, silent);
    c.start();
    await c.open(target);
    await c.reconnect('c1');
    expect(c.getState()).toMatchObject({ active: 'c2', tabs: [{ consoleId: 'c2' }] });
  });

  it('marks tabs whose consoles main dropped after the backend link came back', async () => {
    let reconnectListener: (() => void) | undefined;
    const link = {
      getState: () => ({ status: 'open' as const, attempt: 0 }),
      subscribe: () => () => undefined,
      onReconnect: (l: () => void) => {
        reconnectListener = l;
        return () => undefined;
      },
    };
    const f = fakeApi({ 'console.open': async () => info('c1'), 'console.list': async () => [] });
    const c = new ConsoleController(f.api, silent, link);
    c.start();
    await c.open(target);
    reconnectListener?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(c.getState().tabs[0]).toMatchObject({ status: 'disconnected', reason: ORPHAN_REASON });
  });

  it('turns every open tab disconnected as soon as the backend link is lost', async () => {
    let state: BackendLinkState = { status: 'open', attempt: 0 };
    const listeners: Array<() => void> = [];
    const link = {
      getState: () => state,
      subscribe: (l: () => void) => {
        listeners.push(l);
        return () => undefined;
      },
      onReconnect: () => () => undefined,
    };
    const f = fakeApi({ 'console.open': async () => info('c1') });
    const c = new ConsoleController(f.api, silent, link);
    c.start();
    await c.open(target);
    f.emit('console', info('c1', { status: 'connected', since: 2 }));
    state = { status: 'lost', attempt: 1, retryAt: 10 };
    for (const l of listeners) l();
    expect(c.getState().tabs[0]).toMatchObject({
      status: 'disconnected',
      reason: LINK_LOST_REASON,
    });
    expect(LINK_LOST_REASON).toBe("Lost the connection to Deckhand's backend");
  });

  it('a selection in the tree brings the details to the front', async () => {
    const f = fakeApi({ 'console.open': async () => info('c1') });
    const c = new ConsoleController(f.api, silent);
    const app = createStore(initialAppState);
    followTreeSelection(app, c);
    await c.open(target);
    expect(c.getState().active).toBe('c1');
    app.setState((s) => ({ ...s, cursor: 'x' })); // not a selection change
    expect(c.getState().active).toBe('c1');
    app.setState((s) => ({ ...s, opened: { kind: 'node', profileId: 'p1', node: 'pve1' } }));
    expect(c.getState().active).toBeNull();
  });
});
