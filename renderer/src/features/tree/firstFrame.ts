// The window's first frame for the next start (shared/first-frame.ts): the top of the tree as the
// next start will show it (every profile and node expanded, no filter, the current view), built
// from the store a while after it changed and sent to core when it differs from the last one
// sent (app.saveFirstFrame). Names and states only: no metrics, no addresses.

import {
  FIRST_FRAME_MAX_ROWS,
  type FirstFrame,
  type FirstFrameRow,
  type FirstFrameTag,
} from '../../../../shared/first-frame';
import type { Disposable, Scheduler } from '../../../../shared/lifecycle';
import { isGuest } from '../../../../shared/model';
import type { AppState } from '../../store/appState';
import { EMPTY_PROFILE_RESOURCES, selectProfileSummary } from '../../store/resources';
import { selectTreeResources } from '../../store/selectors';
import { lastSeen } from '../../store/staleness';
import { guestDisplayName } from '../../ui/status';
import { parseFilter } from './filter';
import { buildTree } from './treeRows';
import { groupLabel, type TreeView } from './treeViews';
import type { ResolvedTagColors } from './tagColorCache';
import { tagColor } from '../../ui/TagChips';

/** The pause after a change before the frame is built (a burst of changes builds it once). */
export const FIRST_FRAME_DELAY_MS = 2_000;

/** The frame of `s`, or undefined while there is nothing worth painting (no profiles yet). */
export function firstFrameOf(
  s: AppState,
  view: TreeView,
  now: number,
  tagColors: (profileId: string) => ResolvedTagColors = () => ({}),
): FirstFrame | undefined {
  const profiles = s.profiles;
  if (!profiles || profiles.length === 0) return undefined;
  const resources = selectTreeResources(s);
  const { rows } = buildTree({
    profiles,
    resources,
    filter: parseFilter(''),
    collapsed: {},
    view,
  });
  const out: FirstFrameRow[] = [];
  for (const row of rows.slice(0, FIRST_FRAME_MAX_ROWS)) {
    const res = resources[row.kind === 'note' ? '' : row.profileId] ?? EMPTY_PROFILE_RESOURCES;
    switch (row.kind) {
      case 'profile': {
        const profile = profiles.find((p) => p.id === row.profileId);
        const seenAt = lastSeen(s, row.profileId);
        out.push({
          kind: 'profile',
          profileId: row.profileId,
          name: profile?.name ?? row.profileId,
          expanded: row.expanded,
          ...(s.connections[row.profileId]?.standalone ? { standalone: true } : {}),
          ...(profile?.disabled ? { disabled: true } : {}),
          ...(seenAt !== undefined ? { seenAt } : {}),
        });
        break;
      }
      case 'node': {
        const node = res.byId.get(`node/${row.node}`);
        const c = selectProfileSummary(row.profileId, res).countsByNode.get(row.node);
        out.push({
          kind: 'node',
          profileId: row.profileId,
          name: row.node,
          status: node?.type === 'node' ? node.status : 'unknown',
          expanded: row.expanded,
          counts: c ? `${c.running}/${c.total}` : '0/0',
        });
        break;
      }
      case 'guest': {
        const guest = res.byId.get(row.id);
        if (!guest || !isGuest(guest)) continue;
        out.push({
          kind: 'guest',
          profileId: row.profileId,
          level: row.level,
          name: guestDisplayName(guest),
          vmid: guest.vmid,
          type: guest.type,
          status: guest.status,
          ...(guest.template ? { template: true } : {}),
          ...chipsOf(guest.tags, tagColors(row.profileId)),
        });
        break;
      }
      case 'group':
        out.push({
          kind: 'group',
          profileId: row.profileId,
          label: groupLabel(row),
          count: row.count,
          expanded: row.expanded,
        });
        break;
      case 'note': {
        const parent = rows.find((r) => r.key === row.parent);
        if (parent && parent.kind !== 'note')
          out.push({ kind: 'note', profileId: parent.profileId, level: row.level, text: row.text });
        break;
      }
    }
  }
  return out.length > 0 ? { version: 1, savedAt: now, view, rows: out } : undefined;
}

/** A guest row's chips as the tree shows them: two, then "+n". */
function chipsOf(
  tags: readonly string[],
  colors: ResolvedTagColors,
): { tags?: FirstFrameTag[]; moreTags?: number } {
  if (tags.length === 0) return {};
  const chips = tags.slice(0, 2).map((text): FirstFrameTag => {
    const c = colors[text];
    return c ? { text, bg: c.bg, fg: c.fg } : { text, palette: tagColor(text) };
  });
  return { tags: chips, ...(tags.length > 2 ? { moreTags: tags.length - 2 } : {}) };
}

/**
 * Has the app's tree what it will show at first for every profile (its snapshot, cached or live,
 * or a connection state saying none will come)? The first frame gives way to it then.
 */
export function treeReady(s: AppState): boolean {
  if (s.profiles === null) return false;
  return s.profiles.every(
    (p) =>
      p.disabled === true ||
      s.resources[p.id] !== undefined ||
      (s.connections[p.id] !== undefined && s.connections[p.id]!.status !== 'connecting'),
  );
}

/** The rows' text without the save time: two frames that paint alike are not sent twice. */
const sameAs = (a: FirstFrame, b: FirstFrame | undefined) =>
  b !== undefined && a.view === b.view && JSON.stringify(a.rows) === JSON.stringify(b.rows);

export interface FirstFrameSaverDeps {
  subscribe(listener: () => void): () => void;
  getState(): AppState;
  view(): TreeView;
  /** the cluster's tag colours read so far */
  tagColors(profileId: string): ResolvedTagColors;
  save(frame: FirstFrame): Promise<void>;
  scheduler: Scheduler;
}

/** Saves the frame a while after each change of the store, when it differs from the last sent. */
export function startFirstFrameSaver(deps: FirstFrameSaverDeps): Disposable {
  let timer: Disposable | undefined;
  let last: FirstFrame | undefined;
  const build = () => {
    timer = undefined;
    const frame = firstFrameOf(deps.getState(), deps.view(), deps.scheduler.now(), deps.tagColors);
    if (!frame || sameAs(frame, last)) return;
    last = frame;
    deps.save(frame).catch(() => {
      // Not kept (core away): the next change tries again.
      last = undefined;
    });
  };
  const unsubscribe = deps.subscribe(() => {
    timer ??= deps.scheduler.setTimeout(build, FIRST_FRAME_DELAY_MS);
  });
  return {
    dispose() {
      unsubscribe();
      timer?.dispose();
      timer = undefined;
    },
  };
}
