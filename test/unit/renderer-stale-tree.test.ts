// The last run's tree in the renderer: a stale snapshot (core's cache) is shown at once, dimmed
// and aged, until the live snapshot replaces it; an offline profile keeps its last state, aged
// from its last refresh; a stale answer never covers a live state that came meanwhile.

import { describe, expect, it } from 'vitest';
import type { DeckhandApi } from '../../shared/ipc';
import { toDisposable } from '../../shared/lifecycle';
import type { ConnectionState, GuestResource, NodeResource } from '../../shared/model';
import { initialAppState, type AppState } from '../../renderer/src/store/appState';
import { AppController } from '../../renderer/src/store/controller';
import { createStore } from '../../renderer/src/store/createStore';
import {
  applyResourceEvent,
  applySnapshot,
  hasFirstRefresh,
} from '../../renderer/src/store/resources';
import { formatAge, lastSeen, staleReason } from '../../renderer/src/store/staleness';

const node: NodeResource = { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online' };
const guest: GuestResource = {
  id: 'lxc/100',
  type: 'lxc',
  vmid: 100,
  node: 'pve1',
  name: 'web01',
  status: 'running',
  template: false,
  tags: [],
};

function conn(status: ConnectionState['status'], lastRefresh?: number): ConnectionState {
  return {
    profileId: 'p',
    status,
    since: 1,
    offlineNodes: [],
    ...(lastRefresh !== undefined ? { lastRefresh } : {}),
  };
}

describe('the stale tree', () => {
  it('shows a cached snapshot at once, stale since it was seen, until the live one', () => {
    const cached = applySnapshot({}, 'p', 0, [node, guest], 1_000);
    expect(hasFirstRefresh(cached.p!)).toBe(true);
    const s: AppState = {
      ...initialAppState,
      resources: cached,
      connections: { p: conn('connecting', 1_000) },
    };
    expect(staleReason(s, 'p')).toBe('Last known state: not live yet, connecting');
    expect(lastSeen(s, 'p')).toBe(1_000);
    const offline = {
      ...s,
      connections: { p: { ...conn('offline', 1_000), reason: 'No route to host' } },
    };
    expect(staleReason(offline, 'p')).toBe('Last known state: the cluster is offline');

    const live = applyResourceEvent(cached, {
      kind: 'snapshot',
      profileId: 'p',
      seq: 1,
      items: [node, guest],
    });
    const now: AppState = { ...s, resources: live, connections: { p: conn('online', 5_000) } };
    expect(staleReason(now, 'p')).toBeUndefined();
    expect(lastSeen(now, 'p')).toBeUndefined();
    // Offline later in the run: the last state stays, aged from the last refresh.
    const away = { ...now, connections: { p: conn('offline', 5_000) } };
    expect(staleReason(away, 'p')).toBe('Last known state: the cluster is offline');
    expect(lastSeen(away, 'p')).toBe(5_000);
  });

  it('says the age as a person would', () => {
    expect(formatAge(3_000)).toBe('just now');
    expect(formatAge(42_000)).toBe('42 s ago');
    expect(formatAge(3 * 60_000 + 5_000)).toBe('3 min ago');
    expect(formatAge(5 * 3_600_000)).toBe('5 h ago');
    expect(formatAge(3 * 86_400_000)).toBe('3 d ago');
  });

  it('never lets a stale answer cover a live snapshot that came while it was asked for', async () => {
    let resolve!: (v: { seq: number; items: never[]; stale: { savedAt: number } }) => void;
    const api = {
      invoke: (name: string) =>
        name === 'resources.snapshot'
          ? new Promise((r) => (resolve = r))
          : Promise.reject(new Error('not here')),
      on: () => toDisposable(() => undefined),
      notify: () => undefined,
      write: () => undefined,
      onStream: () => toDisposable(() => undefined),
    } as unknown as DeckhandApi;
    const store = createStore<AppState>(initialAppState);
    const controller = new AppController(api, store, {
      taskEnded: () => undefined,
      taskInDoubt: () => undefined,
      taskConfirmed: () => undefined,
      callFailed: () => undefined,
    });
    const asking = controller.resync('p');
    store.setState((s) => ({
      ...s,
      resources: applyResourceEvent(s.resources, {
        kind: 'snapshot',
        profileId: 'p',
        seq: 1,
        items: [node, guest],
      }),
    }));
    resolve({ seq: 0, items: [], stale: { savedAt: 1 } });
    await asking;
    expect(store.getState().resources.p!.seq).toBe(1);
    expect(store.getState().resources.p!.staleSince).toBeUndefined();
  });
});
