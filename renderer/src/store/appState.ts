import type { ConnectionState, PowerAction, ProfileInfo, TaskInfo } from '../../../shared/model';
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
  resources: ResourcesState;
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
  resources: {},
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

/** Keep the newest tasks only; running ones are always kept. */
const MAX_TASKS = 200;

export function upsertTask(
  tasks: Readonly<Record<string, TaskInfo>>,
  task: TaskInfo,
): Readonly<Record<string, TaskInfo>> {
  const next: Record<string, TaskInfo> = { ...tasks, [taskKey(task.profileId, task.upid)]: task };
  const keys = Object.keys(next);
  if (keys.length <= MAX_TASKS) return next;
  const finished = keys
    .filter((k) => next[k]!.status !== 'running')
    .sort((a, b) => next[a]!.starttime - next[b]!.starttime);
  for (const k of finished.slice(0, keys.length - MAX_TASKS)) delete next[k];
  return next;
}
