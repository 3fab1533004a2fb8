// The workspace's layout state: which of its collapsible panes (resource tree, log panel, tasks
// strip) are open, their keyboard shortcuts, and the doors features use to show one. The sizes
// themselves live in the split panes (Workspace.tsx), which remember them in localStorage; this
// module knows open/closed and reaches the panes through the actuator the mounted Workspace binds.

import { useSyncExternalStore } from 'react';
import { Emitter } from '../../../../shared/emitter';
import { toDisposable, type Disposable } from '../../../../shared/lifecycle';

export type PaneId = 'tree' | 'logs' | 'tasks';

interface PaneInfo {
  /** What the toggle buttons call it ("Hide the log panel"). */
  readonly name: string;
  /** KeyboardEvent.code of the shortcut, pressed with Ctrl+Shift (⌘⇧ on macOS). */
  readonly code: string;
}

// Ctrl+Shift+letter: terminals leave these to their emulator (ours takes C, V and F only), and
// these three are not taken by Chromium in the browser host (Ctrl+Shift+T, J, I and B are).
export const PANES: Readonly<Record<PaneId, PaneInfo>> = {
  tree: { name: 'resource tree', code: 'KeyE' },
  logs: { name: 'log panel', code: 'KeyL' },
  tasks: { name: 'tasks strip', code: 'KeyK' },
};

const IS_MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** The shortcut as the tooltips show it, e.g. "Ctrl+Shift+L". */
export function shortcutLabel(pane: PaneId): string {
  const letter = PANES[pane].code.slice('Key'.length);
  return IS_MAC ? `⌘⇧${letter}` : `Ctrl+Shift+${letter}`;
}

/** The shortcut as aria-keyshortcuts wants it, e.g. "Control+Shift+L". */
export function ariaShortcut(pane: PaneId): string {
  return `${IS_MAC ? 'Meta' : 'Control'}+Shift+${PANES[pane].code.slice('Key'.length)}`;
}

type Keys = Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'code'>;

/** The pane a key press toggles, or undefined when it is not one of the workspace shortcuts. */
export function paneForShortcut(e: Keys): PaneId | undefined {
  const mod = IS_MAC ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!mod || !e.shiftKey || e.altKey) return undefined;
  return (Object.keys(PANES) as PaneId[]).find((p) => PANES[p].code === e.code);
}

/** What the mounted Workspace does to open or close a pane. */
export interface PaneActuator {
  setOpen(pane: PaneId, open: boolean): void;
}

const open: Record<PaneId, boolean> = { tree: true, logs: true, tasks: true };
const changed = new Emitter<void>();
let actuator: PaneActuator | null = null;
/** Asked for while no workspace was mounted (e.g. on the Welcome screen); applied when one is. */
let pendingReveal = false;

/** The Workspace binds itself while mounted; a reveal asked for before then is applied now. */
export function bindWorkspace(a: PaneActuator): Disposable {
  actuator = a;
  if (pendingReveal) {
    pendingReveal = false;
    a.setOpen('logs', true);
  }
  return toDisposable(() => {
    if (actuator === a) actuator = null;
  });
}

/** The Workspace reports what its panes really are (after a drag, a key, a reload). */
export function reportPaneOpen(pane: PaneId, isOpen: boolean): void {
  if (open[pane] === isOpen) return;
  open[pane] = isOpen;
  changed.fire();
}

export function isPaneOpen(pane: PaneId): boolean {
  return open[pane];
}

export function setPaneOpen(pane: PaneId, isOpen: boolean): void {
  actuator?.setOpen(pane, isOpen);
}

export function togglePane(pane: PaneId): void {
  setPaneOpen(pane, !open[pane]);
}

/**
 * Show the log panel if it is collapsed (at its last size). The log panel calls this when a
 * stream is opened, so a new stream never goes to a hidden pane.
 */
export function revealLogPanel(): void {
  if (actuator) actuator.setOpen('logs', true);
  else pendingReveal = true;
}

const subscribe = (onChange: () => void): (() => void) => {
  const sub = changed.on(onChange);
  return () => sub.dispose();
};

/** Whether `pane` is open, re-rendering when that changes. */
export function usePaneOpen(pane: PaneId): boolean {
  return useSyncExternalStore(
    subscribe,
    () => open[pane],
    () => open[pane],
  );
}
