import type { ConnectionState, PowerAction, ProfileInfo, TaskInfo } from '../../../shared/model';
import type { AddressesState } from './addresses';
import type { ResourcesState } from './resources';

/** What the detail pane shows. */
export type Selection =
  | { kind: 'profile'; profileId: string }
  | { kind: 'node'; profileId: string; node: string }
  | { kind: 'guest'; profileId: string; id: string };

/** A power action from this window: pending until `guest.action` returns, then until its task ends. */
export interface BusyAction {
  action: PowerAction;
  upid?: string;
}

export interface AppState {
  /** null until the first `profiles.list` answered */
  profiles: ProfileInfo[] | null;
  profilesError?: string;
  connections: Readonly<Record<string, ConnectionState>>;
  /**
   * True while the link to Deckhand's backend is down (or refused): nothing is live then, and
   * every profile's state is the last one seen.
   */
  backendDown: boolean;
  resources: ResourcesState;
  /** Each profile's address index (store/addresses.ts). */
  addresses: AddressesState;
  /** keyed by taskKey(profileId, upid) */
  tasks: Readonly<Record<string, TaskInfo>>;
  /** keyed by guestKey(profileId, guestId) */
  busy: Readonly<Record<string, BusyAction>>;
  /** The tree row under the keyboard cursor (row key). */
  cursor: string | null;
  /** What the detail pane shows. */
  opened: Selection | null;
  /** Row keys of collapsed profiles and nodes. */
  collapsed: Readonly<Record<string, true>>;
  filter: string;
}

export const initialAppState: AppState = {
  profiles: null,
  connections: {},
  backendDown: false,
  resources: {},
  addresses: {},
  tasks: {},
  busy: {},
  cursor: null,
  opened: null,
  collapsed: {},
  filter: '',
};

export function taskKey(profileId: string, upid: string): string {
  return `${profileId}|${upid}`;
}

export function guestKey(profileId: string, guestId: string): string {
  return `${profileId}|${guestId}`;
}

/** The tasks of the given profiles only (the same object when none is dropped). */
export function tasksOfProfiles(
  tasks: Readonly<Record<string, TaskInfo>>,
  profileIds: ReadonlySet<string>,
): Readonly<Record<string, TaskInfo>> {
  const kept = Object.entries(tasks).filter(([, t]) => profileIds.has(t.profileId));
  return kept.length === Object.keys(tasks).length ? tasks : Object.fromEntries(kept);
}

/** Keep the newest tasks only; running ones are always kept. */
const MAX_TASKS = 200;

export function upsertTask(
  tasks: Readonly<Record<string, TaskInfo>>,
  task: TaskInfo,
): Readonly<Record<string, TaskInfo>> {
  const next: Record<string, TaskInfo> = { ...tasks, [taskKey(task.profileId, task.upid)]: task };
  // A task confirmed from the task list takes its in-doubt placeholder's place.
  if (task.replaces) delete next[taskKey(task.profileId, task.replaces)];
  const keys = Object.keys(next);
  if (keys.length <= MAX_TASKS) return next;
  const finished = keys
    .filter((k) => next[k]!.status !== 'running')
    .sort((a, b) => next[a]!.starttime - next[b]!.starttime);
  for (const k of finished.slice(0, keys.length - MAX_TASKS)) delete next[k];
  return next;
}
