// News from the backend renders once per frame: the store tells its listeners (React) of a burst of
// replies at the next flush, once, while a change the user made is told at once. At start with
// 20 cached profiles, the window's four replies per profile used to render 80 times before the
// tree could paint.

import { describe, expect, it } from 'vitest';
import type { DeckhandApi } from '../../shared/ipc';
import { toDisposable } from '../../shared/lifecycle';
import type { GuestResource, NodeResource, ProfileInfo } from '../../shared/model';
import { initialAppState, type AppState } from '../../renderer/src/store/appState';
import { AppController } from '../../renderer/src/store/controller';
import { createStore } from '../../renderer/src/store/createStore';

/** A `defer` the test flushes by hand (the window's is the next animation frame). */
function manualDefer() {
  const queued: (() => void)[] = [];
  return {
    defer: (flush: () => void) => void queued.push(flush),
    flush: () => {
      for (const f of queued.splice(0)) f();
    },
    get pending() {
      return queued.length;
    },
  };
}

describe('store notifications', () => {
  it("tells a 'soon' change at the next flush, once, and a 'now' change at once", () => {
    const frame = manualDefer();
    const store = createStore({ n: 0 }, { defer: frame.defer });
    let told = 0;
    store.subscribe(() => told++);
    store.setState((s) => ({ n: s.n + 1 }), 'soon');
    store.setState((s) => ({ n: s.n + 1 }), 'soon');
    expect(store.getState().n).toBe(2);
    expect(told).toBe(0);
    frame.flush();
    expect(told).toBe(1);
    // A change the user made tells what was waiting with it; the flush after it tells nothing.
    store.setState((s) => ({ n: s.n + 1 }), 'soon');
    store.setState((s) => ({ n: s.n + 1 }));
    expect(told).toBe(2);
    frame.flush();
    expect(told).toBe(2);
    // Without a defer (tests, pop-outs of other stores) every change is told at once.
    const plain = createStore({ n: 0 });
    let plainTold = 0;
    plain.subscribe(() => plainTold++);
    plain.setState((s) => ({ n: s.n + 1 }), 'soon');
    expect(plainTold).toBe(1);
  });

  it('renders the start of 20 cached profiles once, not once per reply', async () => {
    const node: NodeResource = { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online' };
    const guest: GuestResource = {
      ...{ id: 'qemu/100', type: 'qemu', vmid: 100, node: 'pve1', name: 'web' },
      ...{ status: 'running', template: false, tags: [] },
    };
    const profiles: ProfileInfo[] = Array.from({ length: 20 }, (_, i) => ({
      ...{ id: `p${i}`, name: `Cluster ${i}`, url: 'https://pve.example:8006' },
      ...{ authMode: 'password' as const, username: 'root', realm: 'pam', isDemo: false },
    }));
    const answer = (name: string, args: { profileId?: string } | undefined): unknown => {
      switch (name) {
        case 'profiles.list':
          return profiles;
        case 'session.state':
          return { profileId: args!.profileId, status: 'connecting', since: 1, offlineNodes: [] };
        case 'resources.snapshot':
          return { seq: 0, items: [node, guest], stale: { savedAt: 1_000 } };
        case 'tasks.list':
          return [];
        default:
          throw new Error(`${name}: not here`);
      }
    };
    const api = {
      invoke: async (name: string, args: { profileId?: string } | undefined) => answer(name, args),
      on: () => toDisposable(() => undefined),
      notify: () => undefined,
      write: () => undefined,
      onStream: () => toDisposable(() => undefined),
    } as unknown as DeckhandApi;
    const frame = manualDefer();
    const store = createStore<AppState>(initialAppState, { defer: frame.defer });
    let renders = 0;
    store.subscribe(() => renders++);
    const controller = new AppController(api, store, {
      taskEnded: () => undefined,
      taskInDoubt: () => undefined,
      taskConfirmed: () => undefined,
      callFailed: () => undefined,
    });
    await controller.loadAll();
    // Every reply is in the state already...
    await expect.poll(() => Object.keys(store.getState().resources).length).toBe(20);
    await expect.poll(() => Object.keys(store.getState().connections).length).toBe(20);
    // ...and told once with the profile list (which opens the first profile), once more at the flush.
    const beforeFlush = renders;
    frame.flush();
    expect({ beforeFlush, afterFlush: renders }).toEqual({ beforeFlush: 2, afterFlush: 3 });
    const p0 = store.getState().resources.p0!;
    expect(p0.staleSince).toBe(1_000);
    expect([...p0.byId.keys()]).toEqual(['node/pve1', 'qemu/100']);
  });
});
