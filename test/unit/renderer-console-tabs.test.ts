import { describe, expect, it } from 'vitest';
import type { ConsoleInfo, ConsoleTarget } from '../../shared/model';
import {
  activateTab,
  findTabByTarget,
  initialConsoleTabs,
  isNewer,
  removeTab,
  replaceTab,
  upsertTab,
} from '../../renderer/src/features/console/consoleTabs';

const ct118: ConsoleTarget = { profileId: 'p1', node: 'pve1', kind: 'lxc', vmid: 118 };

function info(consoleId: string, extra: Partial<ConsoleInfo> = {}): ConsoleInfo {
  return {
    consoleId,
    target: ct118,
    protocol: 'terminal',
    title: `Demo · pve1 · ${consoleId}`,
    label: consoleId,
    status: 'connecting',
    generation: 1,
    since: 1000,
    ...extra,
  };
}

describe('console tabs', () => {
  it('adds a tab per console in order and shows the one asked for', () => {
    let s = upsertTab(initialConsoleTabs, info('a'), true);
    s = upsertTab(s, info('b', { target: { ...ct118, vmid: 119 } }), true);
    expect(s.tabs.map((t) => t.consoleId)).toEqual(['a', 'b']);
    expect(s.active).toBe('b');
    // An event for a known console updates it in place without stealing the focus.
    s = upsertTab(s, info('a', { status: 'connected', since: 2000 }));
    expect(s.tabs.map((t) => [t.consoleId, t.status])).toEqual([
      ['a', 'connected'],
      ['b', 'connecting'],
    ]);
    expect(s.active).toBe('b');
  });

  it('finds an open tab by its target, so a second open focuses it', () => {
    const s = upsertTab(initialConsoleTabs, info('a'));
    expect(findTabByTarget(s, { ...ct118 })?.consoleId).toBe('a');
    expect(findTabByTarget(s, { ...ct118, kind: 'serial' })).toBeUndefined();
    expect(findTabByTarget(s, { ...ct118, profileId: 'p2' })).toBeUndefined();
    expect(findTabByTarget(s, { profileId: 'p1', node: 'pve1', kind: 'shell' })).toBeUndefined();
  });

  it('ignores updates older than what it has (a call result crossing an event)', () => {
    const connected = info('a', { status: 'connected', since: 2000 });
    const lateResult = info('a', { status: 'connecting', since: 1000 });
    expect(isNewer(connected, lateResult)).toBe(false);
    let s = upsertTab(initialConsoleTabs, connected);
    s = upsertTab(s, lateResult);
    expect(s.tabs[0]!.status).toBe('connected');
    // A new generation always wins, even with a skewed clock.
    s = upsertTab(s, info('a', { generation: 2, since: 500 }));
    expect(s.tabs[0]!.generation).toBe(2);
    // And an old generation never comes back.
    s = upsertTab(s, info('a', { generation: 1, status: 'disconnected', since: 9999 }));
    expect(s.tabs[0]!.generation).toBe(2);
  });

  it('drops the tab of a closed console and shows its left neighbour', () => {
    let s = upsertTab(initialConsoleTabs, info('a'));
    s = upsertTab(s, info('b'));
    s = upsertTab(s, info('c'), true);
    s = upsertTab(s, info('c', { status: 'closed', movedAway: true, since: 2000 }));
    expect(s.tabs.map((t) => t.consoleId)).toEqual(['a', 'b']);
    expect(s.active).toBe('b');
    // Closing the first tab while it shows moves to the right one; the last goes back to Details.
    s = activateTab(s, 'a');
    s = removeTab(s, 'a');
    expect(s.active).toBe('b');
    s = removeTab(s, 'b');
    expect(s).toEqual({ tabs: [], active: null });
  });

  it('closing a background tab keeps the tab in front', () => {
    let s = upsertTab(initialConsoleTabs, info('a'), true);
    s = upsertTab(s, info('b'));
    s = removeTab(s, 'b');
    expect(s.active).toBe('a');
  });

  it('a closed event for an unknown console adds nothing', () => {
    const s = upsertTab(initialConsoleTabs, info('x', { status: 'closed' }));
    expect(s).toBe(initialConsoleTabs);
  });

  it('activating an unknown tab does nothing; null shows Details', () => {
    let s = upsertTab(initialConsoleTabs, info('a'), true);
    expect(activateTab(s, 'nope')).toBe(s);
    s = activateTab(s, null);
    expect(s.active).toBeNull();
  });

  it('a reopened console takes the old tab’s place and focus', () => {
    let s = upsertTab(initialConsoleTabs, info('a'), true);
    s = upsertTab(s, info('b'));
    s = activateTab(s, 'a');
    s = replaceTab(s, 'a', info('a2'));
    expect(s.tabs.map((t) => t.consoleId)).toEqual(['a2', 'b']);
    expect(s.active).toBe('a2');
  });

  it('a reopened console whose events came before the answer still has one tab', () => {
    let s = upsertTab(initialConsoleTabs, info('a'), true);
    s = upsertTab(s, info('b'));
    // The new console's "connected" event arrives before console.open's answer (connecting).
    s = upsertTab(s, info('a2', { status: 'connected', since: 3000 }));
    s = replaceTab(s, 'a', info('a2', { since: 2000 }));
    expect(s.tabs.map((t) => [t.consoleId, t.status])).toEqual([
      ['a2', 'connected'],
      ['b', 'connecting'],
    ]);
    expect(s.active).toBe('a2');
  });
});
