// The workspace's remembered pane sizes (what a reload restores, what it refuses) and its keys
// (Ctrl+Shift+E/L/K, nothing else, never with Alt or Meta).

import { describe, expect, it } from 'vitest';
import { paneForShortcut } from '../../renderer/src/features/workspace/layout';
import {
  loadPaneSizes,
  memoryStorage,
  savePaneSizes,
} from '../../renderer/src/features/workspace/paneSizes';

const key = (code: string, mods: Partial<Record<'ctrl' | 'shift' | 'alt' | 'meta', boolean>>) => ({
  code,
  ctrlKey: mods.ctrl ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
  metaKey: mods.meta ?? false,
});

describe('workspace pane sizes', () => {
  it('restores what was saved, in pixels, open or not', () => {
    const storage = memoryStorage();
    savePaneSizes(storage, {
      tree: { size: 412, open: true },
      logs: { size: 380, open: false },
      tasks: { size: 96, open: true },
    });
    expect(loadPaneSizes(storage)).toEqual({
      tree: { size: 412, open: true },
      logs: { size: 380, open: false },
      tasks: { size: 96, open: true },
    });
  });

  it('ignores what it cannot read, pane by pane', () => {
    const storage = memoryStorage();
    expect(loadPaneSizes(storage)).toEqual({});
    storage.setItem('deckhand.workspace.panes.v1', 'not json');
    expect(loadPaneSizes(storage)).toEqual({});
    storage.setItem(
      'deckhand.workspace.panes.v1',
      JSON.stringify({
        tree: { size: '300', open: true },
        logs: { size: -5, open: true },
        tasks: { size: 100.6, open: false },
        other: { size: 10, open: true },
      }),
    );
    expect(loadPaneSizes(storage)).toEqual({ tasks: { size: 101, open: false } });
  });
});

describe('workspace shortcuts', () => {
  it('Ctrl+Shift+E, L and K toggle the tree, the log panel and the tasks strip', () => {
    expect(paneForShortcut(key('KeyE', { ctrl: true, shift: true }))).toBe('tree');
    expect(paneForShortcut(key('KeyL', { ctrl: true, shift: true }))).toBe('logs');
    expect(paneForShortcut(key('KeyK', { ctrl: true, shift: true }))).toBe('tasks');
  });

  it('leaves every other key to the terminal and the page', () => {
    expect(paneForShortcut(key('KeyL', { ctrl: true }))).toBeUndefined(); // clear screen
    expect(paneForShortcut(key('KeyC', { ctrl: true, shift: true }))).toBeUndefined(); // copy
    expect(paneForShortcut(key('KeyL', { ctrl: true, shift: true, alt: true }))).toBeUndefined();
    expect(paneForShortcut(key('KeyL', { ctrl: true, shift: true, meta: true }))).toBeUndefined();
    expect(paneForShortcut(key('KeyL', { shift: true }))).toBeUndefined();
  });
});
