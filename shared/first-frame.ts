// The window's first frame: a compact description of the top of the resource tree as the window
// last painted it (no metrics, no secrets), saved by the renderer (app.saveFirstFrame), kept by
// core beside the profile cache, inlined by both hosts into index.html as a JSON data block, and
// painted by renderer/src/prepaint before the app's bundle has run. The app replaces it.

/** A guest's tag chip: the cluster's colours (`#rrggbb`) where it gives them, else a palette name. */
export interface FirstFrameTag {
  text: string;
  bg?: string;
  fg?: string;
  palette?: string;
}

/** One row of the tree's top, in order. Names are plain text (painted with textContent). */
export type FirstFrameRow =
  | {
      kind: 'profile';
      profileId: string;
      name: string;
      expanded: boolean;
      standalone?: boolean;
      disabled?: boolean;
      /** epoch ms the profile's state was last seen live (set by core when it serves the frame) */
      seenAt?: number;
    }
  | {
      kind: 'node';
      profileId: string;
      name: string;
      /** 'online', 'offline', 'unknown' */
      status: string;
      expanded: boolean;
      /** "running/total" */
      counts: string;
    }
  | {
      kind: 'guest';
      profileId: string;
      level: 2 | 3;
      name: string;
      vmid: number;
      type: 'qemu' | 'lxc';
      status: string;
      template?: boolean;
      /** the first two tags, as the tree's chips */
      tags?: FirstFrameTag[];
      /** how many tags more ("+n") */
      moreTags?: number;
    }
  | { kind: 'group'; profileId: string; label: string; count: number; expanded: boolean }
  | { kind: 'note'; profileId: string; level: 2 | 3; text: string };

export interface FirstFrame {
  version: 1;
  /** epoch ms the renderer saved it */
  savedAt: number;
  /** the tree view the rows were built for (nodes, tags, pools) */
  view: 'nodes' | 'tags' | 'pools';
  rows: FirstFrameRow[];
}

/** Enough rows for the tallest tree pane (about 100 rows of 26 px). */
export const FIRST_FRAME_MAX_ROWS = 100;

/** The id of the `<script type="application/json">` block in index.html. */
export const FIRST_FRAME_DATA_ID = 'deckhand-first-frame';

/** The JSON text of a frame, safe inside a `<script>` element (no `<`, `>`, `&`, U+2028/9). */
export function firstFrameScriptText(frame: FirstFrame): string {
  return JSON.stringify(frame)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** index.html with the frame as a data block at the start of <body> (none: the page unchanged). */
export function withFirstFrame(html: string, frame: FirstFrame | undefined): string {
  if (!frame || frame.rows.length === 0) return html;
  const block = `<script type="application/json" id="${FIRST_FRAME_DATA_ID}">${firstFrameScriptText(frame)}</script>`;
  const at = html.indexOf('<body>');
  if (at < 0) return html;
  const end = at + '<body>'.length;
  return `${html.slice(0, end)}\n    ${block}${html.slice(end)}`;
}

/** "just now", "40 s ago", "3 min ago", "2 h ago", "5 d ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}
