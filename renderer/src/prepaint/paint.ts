// Paints the window's first frame (shared/first-frame.ts) with the DOM alone: the header's
// outline, the tree pane at the width the workspace will give it, the tree's top rows as the
// app's stale tree shows them (profile rows connecting with "last seen …", node and guest rows
// dimmed), and the rest of the window empty. Inert and hidden from assistive technology: the app
// replaces it as soon as its own tree has painted (handover.ts). Text goes in as textContent.

import { formatAge, type FirstFrame, type FirstFrameRow } from '../../../shared/first-frame';
import { icon } from './icons';
import { FIRST_FRAME_CSS } from './style';

/** The element the frame is painted in (removed by the app, handover.ts). */
export const FIRST_FRAME_ID = 'first-frame';

export interface FrameLayout {
  /** epoch ms now (the rows' ages) */
  now: number;
  /** the tree pane's width in px, 0 when it is collapsed */
  treeWidth: number;
  /** the tasks strip's height in px, 0 when it is collapsed */
  tasksHeight: number;
  /** the log panel's width in px, 0 when it is collapsed */
  logsWidth: number;
}

const ROW_HEIGHT = 26;
const INDENT = 14;

const GUEST_COLORS: Record<string, string> = {
  running: 'green',
  stopped: 'gray',
  paused: 'yellow',
  suspended: 'yellow',
  prelaunch: 'yellow',
  inmigrate: 'yellow',
  postmigrate: 'yellow',
  unknown: 'red',
  'io-error': 'red',
};

const color = (name: string) => `var(--ff-${name})`;

function el(doc: Document, tag: string, className: string, text?: string): HTMLElement {
  const e = doc.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function rowOf(doc: Document, row: FirstFrameRow, index: number, now: number): HTMLElement {
  const level =
    row.kind === 'profile' ? 1 : row.kind === 'guest' || row.kind === 'note' ? row.level : 2;
  const div = el(doc, 'div', `ff-row ff-${row.kind}`);
  div.style.top = `${index * ROW_HEIGHT}px`;
  div.style.paddingLeft = `${4 + (level - 1) * INDENT}px`;
  div.dataset.kind = row.kind;
  const chevron = (expanded: boolean) =>
    div.appendChild(icon(doc, expanded ? 'chevronDown' : 'chevronRight', 14, 'currentColor'));
  const spacer = () => div.appendChild(el(doc, 'span', 'ff-fill'));
  switch (row.kind) {
    case 'profile': {
      chevron(row.expanded);
      div.appendChild(
        row.disabled
          ? icon(doc, 'cloudOff', 15, color('gray-6'))
          : icon(doc, row.standalone ? 'server' : 'cloud', 15, color('blue-5')),
      );
      div.appendChild(el(doc, 'span', 'ff-name ff-strong', row.name));
      spacer();
      if (row.disabled) {
        div.classList.add('ff-disabled');
        div.appendChild(el(doc, 'span', 'ff-dim', 'Disabled'));
        break;
      }
      div.appendChild(el(doc, 'span', 'ff-spinner'));
      div.appendChild(
        el(
          doc,
          'span',
          'ff-dim ff-age',
          row.seenAt === undefined ? 'Connecting…' : `last seen ${formatAge(now - row.seenAt)}`,
        ),
      );
      break;
    }
    case 'node': {
      div.classList.add('ff-stale');
      chevron(row.expanded);
      const online = row.status === 'online';
      div.dataset.status = row.status;
      div.appendChild(
        icon(doc, online ? 'server' : 'serverOff', 15, color(online ? 'green-6' : 'red-6')),
      );
      div.appendChild(el(doc, 'span', 'ff-name ff-medium', row.name));
      spacer();
      div.appendChild(el(doc, 'span', 'ff-dim', row.counts));
      break;
    }
    case 'guest': {
      div.classList.add('ff-stale');
      div.dataset.status = row.status;
      const name = row.template ? 'template' : row.type === 'qemu' ? 'desktop' : 'box';
      div.appendChild(icon(doc, name, 16, color(`${GUEST_COLORS[row.status] ?? 'orange'}-6`), 1.8));
      div.appendChild(el(doc, 'span', `ff-name${row.template ? ' ff-dim-text' : ''}`, row.name));
      div.appendChild(el(doc, 'span', 'ff-dim ff-vmid', String(row.vmid)));
      if (row.tags && row.tags.length > 0) {
        spacer();
        const chips = div.appendChild(el(doc, 'span', 'ff-chips'));
        for (const tag of row.tags) {
          const chip = chips.appendChild(el(doc, 'span', 'ff-chip', tag.text));
          chip.style.background = tag.bg ?? `var(--mantine-color-${tag.palette ?? 'gray'}-light)`;
          chip.style.color = tag.fg ?? `var(--mantine-color-${tag.palette ?? 'gray'}-light-color)`;
        }
        if (row.moreTags) chips.appendChild(el(doc, 'span', 'ff-chip ff-more', `+${row.moreTags}`));
      }
      break;
    }
    case 'group': {
      chevron(row.expanded);
      div.appendChild(el(doc, 'span', 'ff-name ff-medium', row.label));
      spacer();
      div.appendChild(el(doc, 'span', 'ff-dim', String(row.count)));
      break;
    }
    case 'note':
      div.style.paddingLeft = `${4 + level * INDENT}px`;
      div.appendChild(el(doc, 'span', 'ff-dim ff-note', row.text));
      break;
  }
  return div;
}

/** The frame's element (not yet in the document); its style element comes with it. */
export function paintFirstFrame(
  doc: Document,
  frame: FirstFrame,
  layout: FrameLayout,
): HTMLElement {
  const root = el(doc, 'div', 'ff');
  root.id = FIRST_FRAME_ID;
  root.setAttribute('aria-hidden', 'true');
  root.inert = true;
  const style = doc.createElement('style');
  style.textContent = FIRST_FRAME_CSS;
  root.appendChild(style);

  const header = root.appendChild(el(doc, 'div', 'ff-header'));
  header.appendChild(el(doc, 'span', 'ff-title', 'Deckhand'));

  const body = root.appendChild(el(doc, 'div', 'ff-body'));
  const main = body.appendChild(el(doc, 'div', 'ff-main'));
  if (layout.treeWidth > 0) {
    const pane = main.appendChild(el(doc, 'div', 'ff-tree'));
    pane.style.width = `${layout.treeWidth}px`;
    pane.appendChild(el(doc, 'div', 'ff-filter')).appendChild(el(doc, 'div', 'ff-input'));
    const views = pane.appendChild(el(doc, 'div', 'ff-views'));
    for (const v of ['Nodes', 'Tags', 'Pools']) {
      const seg = views.appendChild(el(doc, 'span', 'ff-seg', v));
      if (v.toLowerCase() === frame.view) seg.classList.add('ff-seg-on');
    }
    const rows = pane.appendChild(el(doc, 'div', 'ff-rows'));
    rows.setAttribute('data-testid', 'first-frame-rows');
    frame.rows.forEach((row, i) => rows.appendChild(rowOf(doc, row, i, layout.now)));
    main.appendChild(el(doc, 'div', 'ff-vsep'));
  }
  main.appendChild(el(doc, 'div', 'ff-center'));
  if (layout.logsWidth > 0) {
    main.appendChild(el(doc, 'div', 'ff-vsep'));
    main.appendChild(el(doc, 'div', 'ff-logs')).style.width = `${layout.logsWidth}px`;
  }
  if (layout.tasksHeight > 0) {
    body.appendChild(el(doc, 'div', 'ff-hsep'));
    body.appendChild(el(doc, 'div', 'ff-tasks')).style.height = `${layout.tasksHeight}px`;
  }
  return root;
}
