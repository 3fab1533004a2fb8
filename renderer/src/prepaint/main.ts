// The first frame's entry, inlined into index.html at the end of its body (vite.config.ts):
// reads the frame the host inlined into index.html (a JSON data block, shared/first-frame.ts),
// lays it out as the workspace will (the remembered pane sizes, the tree view) and paints it.
// The app removes it once its own tree has painted (handover.ts); should the app never get there
// (its bundle failed), an uncaught error or a generous time limit removes it.

import { FIRST_FRAME_DATA_ID, type FirstFrame } from '../../../shared/first-frame';
import { systemScheduler } from '../../../shared/lifecycle';
import { firstRunSizes, loadPaneSizes, workspaceStorage } from '../features/workspace/paneSizes';
import { releaseFirstFrame } from './handover';
import { paintFirstFrame } from './paint';

/** Longer than the slowest start measured under load (about 5 s): a last resort only. */
const LAST_RESORT_MS = 15_000;

function savedView(): string {
  try {
    return window.localStorage.getItem('deckhand.treeView') ?? 'nodes';
  } catch {
    return 'nodes';
  }
}

function readFrame(): FirstFrame | undefined {
  const text = document.getElementById(FIRST_FRAME_DATA_ID)?.textContent;
  if (!text) return undefined;
  try {
    const frame = JSON.parse(text) as FirstFrame;
    return frame.version === 1 && Array.isArray(frame.rows) ? frame : undefined;
  } catch {
    return undefined;
  }
}

function start(): void {
  // A pop-out window (a console, a log) has no tree.
  if (window.location.hash.length > 1) return;
  const frame = readFrame();
  if (!frame || frame.rows.length === 0) return;
  // Rows of another view than the one the tree will show would jump: no first frame then.
  const view = savedView();
  if ((view === 'tags' || view === 'pools' ? view : 'nodes') !== frame.view) return;
  // The colour scheme Mantine will set (defaultColorScheme "auto"), so that its palette
  // variables (the tag chips' colours) apply before it runs.
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.setAttribute('data-mantine-color-scheme', dark ? 'dark' : 'light');
  const width = window.innerWidth;
  const sizes = { ...firstRunSizes(width), ...loadPaneSizes(workspaceStorage()) };
  const treeWidth = sizes.tree.open
    ? Math.max(200, Math.min(sizes.tree.size, Math.floor(width * 0.45)))
    : 0;
  const tasksHeight = sizes.tasks.open
    ? Math.max(64, Math.min(sizes.tasks.size, Math.floor((window.innerHeight - 38) * 0.5)))
    : 0;
  const logsWidth = sizes.logs.open
    ? Math.max(280, Math.min(sizes.logs.size, Math.floor(width * 0.6)))
    : 0;
  const layout = { now: Date.now(), treeWidth, tasksHeight, logsWidth };
  document.body.appendChild(paintFirstFrame(document, frame, layout));
  // For the cold-start bench (test/bench/cold-start.ts): when the frame went into the page.
  performance.mark('first-frame-in');
  window.addEventListener('error', () => releaseFirstFrame(), { once: true });
  systemScheduler.setTimeout(() => releaseFirstFrame(), LAST_RESORT_MS);
}

start();
