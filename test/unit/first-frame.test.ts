// The window's first frame: the painter (rows in, DOM out: names as text, status colours, the
// stale wording), the data block's escaping, the schema's refusal of anything but rows, and
// core's store making a saved frame true at serve time.

import { describe, expect, it } from 'vitest';
import {
  FIRST_FRAME_DATA_ID,
  firstFrameScriptText,
  withFirstFrame,
  type FirstFrame,
} from '../../shared/first-frame';
import { firstFrameSchema } from '../../shared/ipc-schema/app';
import { paintFirstFrame } from '../../renderer/src/prepaint/paint';
import {
  FirstFrameStore,
  FIRST_FRAME_KEY,
} from '../../electron/core/first-frame/first-frame-store';
import { MemoryCacheStore } from '../../electron/core';
import {
  cachedSavedAt,
  itemsText,
  parseCacheText,
  toCacheText,
} from '../../electron/core/cache/cached-state';
import type { ProfileInfo } from '../../shared/model';

/** Just enough of a DOM for the painter: no markup parsing at all (innerHTML would be inert). */
class FakeNode {
  children: FakeNode[] = [];
  attrs = new Map<string, string>();
  style: Record<string, string> = {};
  dataset: Record<string, string> = {};
  className = '';
  id = '';
  inert = false;
  private text: string | undefined;
  constructor(readonly tag: string) {}
  get classList() {
    return { add: (c: string) => void (this.className = `${this.className} ${c}`.trim()) };
  }
  setAttribute(k: string, v: string) {
    this.attrs.set(k, v);
  }
  appendChild(c: FakeNode) {
    this.children.push(c);
    return c;
  }
  set textContent(t: string) {
    this.text = t;
    this.children = [];
  }
  get textContent(): string {
    return this.text ?? this.children.map((c) => c.textContent).join('');
  }
  all(pred: (n: FakeNode) => boolean): FakeNode[] {
    return [...(pred(this) ? [this] : []), ...this.children.flatMap((c) => c.all(pred))];
  }
  has(cls: string) {
    return this.className.split(' ').includes(cls);
  }
}

const fakeDocument = {
  createElement: (tag: string) => new FakeNode(tag),
  createElementNS: (_ns: string, tag: string) => new FakeNode(tag),
} as unknown as Document;

const NOW = Date.parse('2026-12-01T12:00:00Z');
const HOSTILE = '<img src=x onerror=alert(1)></script>';

const frame: FirstFrame = {
  version: 1,
  savedAt: NOW - 60_000,
  view: 'nodes',
  rows: [
    { kind: 'profile', profileId: 'p1', name: 'Lab', expanded: true, seenAt: NOW - 3 * 60_000 },
    {
      kind: 'node',
      profileId: 'p1',
      name: 'pve1',
      status: 'online',
      expanded: true,
      counts: '1/2',
    },
    {
      kind: 'guest',
      profileId: 'p1',
      level: 3,
      name: HOSTILE,
      vmid: 100,
      type: 'qemu',
      status: 'running',
    },
    {
      kind: 'guest',
      profileId: 'p1',
      level: 3,
      name: 'db',
      vmid: 101,
      type: 'lxc',
      status: 'stopped',
      tags: [
        { text: 'prod', bg: '#ff0000', fg: '#ffffff' },
        { text: '<b>web</b>', palette: 'teal' },
      ],
      moreTags: 1,
    },
    {
      kind: 'node',
      profileId: 'p1',
      name: 'pve2',
      status: 'offline',
      expanded: true,
      counts: '0/0',
    },
    { kind: 'profile', profileId: 'p2', name: 'New', expanded: true },
    { kind: 'profile', profileId: 'p3', name: 'Off', expanded: false, disabled: true },
  ],
};

function paint(f: FirstFrame = frame) {
  const root = paintFirstFrame(fakeDocument, f, {
    now: NOW,
    treeWidth: 300,
    tasksHeight: 120,
    logsWidth: 0,
  }) as unknown as FakeNode;
  const rows = root.all((n) => n.has('ff-row'));
  const text = (row: FakeNode, cls: string) => row.all((n) => n.has(cls))[0]?.textContent;
  return { root, rows, text };
}

describe('the first frame painter', () => {
  it('paints each row in order, names as text, at 26 px steps, inert and hidden', () => {
    const { root, rows, text } = paint();
    expect(root.id).toBe('first-frame');
    expect(root.inert).toBe(true);
    expect(root.attrs.get('aria-hidden')).toBe('true');
    expect(rows.map((r) => r.dataset.kind)).toEqual([
      'profile',
      'node',
      'guest',
      'guest',
      'node',
      'profile',
      'profile',
    ]);
    expect(rows.map((r) => r.style.top)).toEqual(rows.map((_, i) => `${i * 26}px`));
    // The hostile name is the text of its span, nothing parsed out of it.
    expect(text(rows[2]!, 'ff-name')).toBe(HOSTILE);
    expect(root.all((n) => n.tag === 'img' || n.tag === 'script')).toEqual([]);
    expect(text(rows[2]!, 'ff-vmid')).toBe('100');
    // Indent as the app's rows: 4 px + 14 px per level.
    expect(rows.map((r) => r.style.paddingLeft)).toEqual([
      '4px',
      '18px',
      '32px',
      '32px',
      '18px',
      '4px',
      '4px',
    ]);
  });

  it('says how old a profile state is as the stale tree does, and dims nodes and guests', () => {
    const { rows, text } = paint();
    expect(text(rows[0]!, 'ff-age')).toBe('last seen 3 min ago');
    expect(text(rows[0]!, 'ff-name')).toBe('Lab');
    expect(text(rows[5]!, 'ff-age')).toBe('Connecting…');
    expect(rows[6]!.textContent).toBe('OffDisabled');
    for (const i of [1, 2, 3, 4]) expect(rows[i]!.has('ff-stale')).toBe(true);
    expect(rows[0]!.has('ff-stale')).toBe(false);
    expect(text(rows[1]!, 'ff-dim')).toBe('1/2');
  });

  it("shows a guest's first two tags as chips in the cluster's or the palette's colours, then +n", () => {
    const { rows } = paint();
    const chips = rows[3]!.all((n) => n.has('ff-chip'));
    expect(chips.map((c) => c.textContent)).toEqual(['prod', '<b>web</b>', '+1']);
    expect(chips[0]!.style).toMatchObject({ background: '#ff0000', color: '#ffffff' });
    expect(chips[1]!.style).toMatchObject({
      background: 'var(--mantine-color-teal-light)',
      color: 'var(--mantine-color-teal-light-color)',
    });
    expect(rows[2]!.all((n) => n.has('ff-chip'))).toEqual([]);
  });

  it('colours status icons as the app does', () => {
    const { rows } = paint();
    const iconOf = (row: FakeNode) => row.all((n) => n.tag === 'svg').at(-1)!;
    expect(rows[2]!.dataset.status).toBe('running');
    expect(iconOf(rows[2]!).attrs.get('stroke')).toBe('var(--ff-green-6)');
    expect(iconOf(rows[2]!).attrs.get('data-icon')).toBe('desktop');
    expect(iconOf(rows[3]!).attrs.get('stroke')).toBe('var(--ff-gray-6)');
    expect(iconOf(rows[3]!).attrs.get('data-icon')).toBe('box');
    expect(iconOf(rows[4]!).attrs.get('data-icon')).toBe('serverOff');
    expect(iconOf(rows[4]!).attrs.get('stroke')).toBe('var(--ff-red-6)');
  });
});

describe('the data block', () => {
  it('holds the frame as JSON no HTML parser can end early', () => {
    const guest = { ...frame.rows[2]!, name: '</script><b>&' } as FirstFrame['rows'][number];
    const hostile: FirstFrame = { ...frame, rows: [guest] };
    const text = firstFrameScriptText(hostile);
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual(hostile);
    const html = withFirstFrame('<html><body>\n<div id="root"></div></body></html>', hostile);
    expect(html).toContain(
      `<body>\n    <script type="application/json" id="${FIRST_FRAME_DATA_ID}">${text}</script>`,
    );
    expect(withFirstFrame('<body></body>', undefined)).toBe('<body></body>');
  });

  it('takes rows of names and states only: anything else is refused', () => {
    expect(firstFrameSchema.safeParse(frame).success).toBe(true);
    const extra = { ...frame, rows: [{ ...frame.rows[0]!, password: 'hunter2' }] };
    expect(firstFrameSchema.safeParse(extra).success).toBe(false);
    expect(firstFrameSchema.safeParse({ ...frame, url: 'https://x' }).success).toBe(false);
  });
});

describe("core's first frame store", () => {
  const profile = (id: string, name: string, disabled = false): ProfileInfo =>
    ({
      id,
      name,
      url: 'https://h:8006',
      authMode: 'password',
      isDemo: false,
      ...(disabled ? { disabled } : {}),
    }) as ProfileInfo;

  it('serves the saved frame as true now: gone profiles dropped, names and last seen of now', async () => {
    const cache = new MemoryCacheStore();
    const saved = new FirstFrameStore(cache);
    await saved.save(frame);
    const store = new FirstFrameStore(cache);
    await store.load();
    const served = store.current({
      profiles: () => [profile('p1', 'Lab renamed'), profile('p3', 'Off', false)],
      lastSeen: (id) => (id === 'p1' ? NOW - 10_000 : undefined),
    })!;
    expect(served.rows.map((r) => [r.kind, r.profileId])).toEqual([
      ['profile', 'p1'],
      ['node', 'p1'],
      ['guest', 'p1'],
      ['guest', 'p1'],
      ['node', 'p1'],
      ['profile', 'p3'],
    ]);
    expect(served.rows[0]).toMatchObject({ name: 'Lab renamed', seenAt: NOW - 10_000 });
    // p3 is enabled now: no longer "Disabled".
    expect(served.rows[5]).not.toHaveProperty('disabled');
    expect(store.current({ profiles: () => [], lastSeen: () => undefined })).toBeUndefined();
  });

  it('ignores a saved frame it cannot read', async () => {
    const cache = new MemoryCacheStore();
    await cache.write(FIRST_FRAME_KEY, '{"version":2}');
    const store = new FirstFrameStore(cache);
    await store.load();
    expect(
      store.current({ profiles: () => [profile('p1', 'Lab')], lastSeen: () => undefined }),
    ).toBeUndefined();
  });
});

describe("a profile cache's age, read from its head alone", () => {
  it('is the savedAt core starts the session from, and nothing for a foreign or broken text', () => {
    const text = toCacheText(
      'p1',
      { savedAt: NOW - 60_000, clusterName: 'lab ,"items": [' },
      itemsText([]).text,
    );
    expect(cachedSavedAt('p1', text)).toBe(NOW - 60_000);
    expect(parseCacheText('p1', text)).toMatchObject({ state: { savedAt: NOW - 60_000 } });
    expect(cachedSavedAt('p2', text)).toBeUndefined();
    expect(cachedSavedAt('p1', text.slice(0, 40))).toBeUndefined();
    expect(cachedSavedAt('p1', '{"format":"other","savedAt":1,"items":[]}')).toBeUndefined();
  });
});
