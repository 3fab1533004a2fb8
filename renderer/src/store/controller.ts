// Feeds the store from the backend: initial loads, the four events, resyncs after gaps or a
// reconnect, and the power actions this window starts.

import type { DeckhandApi } from '../../../shared/ipc';
import {
  DisposableStore,
  systemScheduler,
  toDisposable,
  type Disposable,
  type Scheduler,
} from '../../../shared/lifecycle';
import type {
  GuestRef,
  PowerAction,
  ProfileInfo,
  ResourceEvent,
  TaskInfo,
} from '../../../shared/model';
import { isLinkDown, type BackendLink } from '../bridge/backendLink';
import { guestKey, tasksOfProfiles, upsertTask, type AppState, type Selection } from './appState';
import { followAddresses, loadAddresses } from './addresses';
import { followVisibility } from './visibility';
import type { Store } from './createStore';
import { MetricsWatch } from './metricsWatch';
import {
  applyMetricsEvent,
  applyResourceEvent,
  applySnapshot,
  removeProfileResources,
} from './resources';

export interface Notifier {
  /** An own task ended (OK, warnings or error; or, in doubt, did not run or stayed unknown). */
  taskEnded(task: TaskInfo): void;
  /** An own power action may have run (its reply was lost): its task is being looked for. */
  taskInDoubt(task: TaskInfo): void;
  /** An in-doubt power action's task was found: it ran. */
  taskConfirmed(task: TaskInfo): void;
  /** A call failed synchronously. */
  callFailed(title: string, err: unknown): void;
}

export interface GuestTarget extends GuestRef {
  /** `qemu/100` */
  guestId: string;
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

export class AppController {
  private readonly resyncing = new Set<string>();
  private readonly notified = new Set<string>();
  private metricsWatch: MetricsWatch | undefined;

  constructor(
    readonly api: DeckhandApi,
    readonly store: Store<AppState>,
    private readonly notifier: Notifier,
    private readonly link?: BackendLink,
    /** Timers of the views it feeds (task log polling, the clock of running tasks). */
    readonly scheduler: Scheduler = systemScheduler,
  ) {}

  /** The resources whose live metrics this window shows (store/useWatchMetrics.ts). */
  get metrics(): MetricsWatch {
    return (this.metricsWatch ??= new MetricsWatch(this.api));
  }

  /** Follow the backend's events (and its link's reconnects) until disposed. */
  start(): Disposable {
    const { api } = this;
    const store = new DisposableStore('AppController');
    store.add(api.on('profiles', (list) => this.setProfiles(list, false)));
    // News from the backend is rendered at the next frame, a burst of it at once.
    store.add(
      api.on('connection', (state) =>
        this.store.setState(
          (s) => ({
            ...s,
            connections: { ...s.connections, [state.profileId]: state },
          }),
          'soon',
        ),
      ),
    );
    store.add(api.on('resources', (event) => this.onResources(event)));
    store.add(
      api.on('metrics', (event) =>
        this.store.setState((s) => {
          const resources = applyMetricsEvent(s.resources, event);
          return resources === s.resources ? s : { ...s, resources };
        }, 'soon'),
      ),
    );
    store.add(api.on('task', (task) => this.onTask(task)));
    store.add(followAddresses(api, this.store));
    const visibility = store.add(followVisibility(api));
    const link = this.link;
    if (link) {
      store.add(
        toDisposable(
          link.onReconnect(() => {
            visibility.resend();
            this.metrics.resend();
            void this.loadAll();
          }),
        ),
      );
      const followLink = () => {
        const down = isLinkDown(link.getState().status);
        this.store.setState((s) => (s.backendDown === down ? s : { ...s, backendDown: down }));
      };
      store.add(toDisposable(link.subscribe(followLink)));
      followLink();
    }
    void this.loadAll();
    return store;
  }

  /** Load everything afresh (at start and after the backend link came back). */
  async loadAll(): Promise<void> {
    try {
      const list = await this.api.invoke('profiles.list', undefined);
      this.setProfiles(list, true);
    } catch (err) {
      this.store.setState((s) => ({ ...s, profilesError: String((err as Error).message ?? err) }));
    }
  }

  private setProfiles(list: ProfileInfo[], reloadAll: boolean): void {
    const previous = this.store.getState().profiles ?? [];
    const before = new Set(previous.map((p) => p.id));
    const wasDisabled = new Map(previous.map((p) => [p.id, p.disabled === true]));
    const ids = new Set(list.map((p) => p.id));
    // A disabled profile shows nothing it last saw: Deckhand no longer follows it.
    const disabled = new Set(list.filter((p) => p.disabled).map((p) => p.id));
    this.store.setState((s) => {
      let resources = s.resources;
      let connections = s.connections;
      for (const id of Object.keys(s.resources)) {
        if (!ids.has(id) || disabled.has(id)) resources = removeProfileResources(resources, id);
      }
      for (const id of Object.keys(s.connections)) {
        if (!ids.has(id)) connections = without(connections, id);
      }
      const opened = s.opened && !ids.has(s.opened.profileId) ? null : s.opened;
      // A removed profile's tasks go with it.
      const tasks = tasksOfProfiles(s.tasks, ids);
      return {
        ...s,
        profiles: list,
        profilesError: undefined,
        resources,
        connections,
        opened,
        tasks,
      };
    });
    for (const p of list) {
      const toggled = before.has(p.id) && wasDisabled.get(p.id) !== (p.disabled === true);
      if (reloadAll || !before.has(p.id) || toggled)
        void this.loadProfile(p.id, p.disabled === true);
    }
    // The first profile opens by itself, so a new user sees something at once.
    const s = this.store.getState();
    if (!s.opened && list.length > 0) this.open({ kind: 'profile', profileId: list[0]!.id });
  }

  private async loadProfile(profileId: string, disabled = false): Promise<void> {
    const state = this.api
      .invoke('session.state', { profileId })
      .then((state) =>
        this.store.setState(
          (s) => ({
            ...s,
            connections: { ...s.connections, [profileId]: state },
          }),
          'soon',
        ),
      )
      .catch(() => undefined);
    if (disabled) return state;
    await Promise.all([
      state,
      this.resync(profileId),
      loadAddresses(this.api, this.store, profileId),
      this.api
        .invoke('tasks.list', { profileId })
        .then((tasks) =>
          this.store.setState((s) => {
            let next = s.tasks;
            let busy = s.busy;
            for (const t of tasks) {
              next = upsertTask(next, t);
              if (t.status === 'stopped') {
                this.notified.add(t.upid);
                busy = clearBusyFor(busy, t.upid);
              }
            }
            return { ...s, tasks: next, busy };
          }, 'soon'),
        )
        .catch(() => undefined),
    ]);
  }

  private onResources(event: ResourceEvent): void {
    this.store.setState((s) => {
      const resources = applyResourceEvent(s.resources, event);
      return resources === s.resources ? s : { ...s, resources };
    }, 'soon');
    if (this.store.getState().resources[event.profileId]?.needsResync) {
      void this.resync(event.profileId);
    }
  }

  /** Fetch a fresh snapshot; concurrent requests for one profile collapse into one. */
  async resync(profileId: string): Promise<void> {
    if (this.resyncing.has(profileId)) return;
    this.resyncing.add(profileId);
    try {
      const before = this.store.getState().resources[profileId];
      const snap = await this.api.invoke('resources.snapshot', { profileId });
      this.store.setState(
        (s) =>
          // The last run's state never covers a live one that came while this call was out.
          snap.stale && s.resources[profileId] !== before
            ? s
            : {
                ...s,
                resources: applySnapshot(
                  s.resources,
                  profileId,
                  snap.seq,
                  snap.items,
                  snap.stale?.savedAt,
                ),
              },
        'soon',
      );
    } catch {
      // The connection event explains why (offline, auth); the next delta or reconnect retries.
    } finally {
      this.resyncing.delete(profileId);
    }
  }

  private onTask(task: TaskInfo): void {
    this.store.setState((s) => ({
      ...s,
      tasks: upsertTask(s.tasks, task),
      busy: busyAfter(s.busy, task),
    }));
    this.announce(task);
  }

  /** Own tasks whose end is told elsewhere (a bulk job's one summary), not by a toast each. */
  private quiet: ((task: TaskInfo) => boolean) | undefined;

  setQuietTasks(quiet: ((task: TaskInfo) => boolean) | undefined): void {
    this.quiet = quiet;
  }

  /** Each own task's news once: in doubt, confirmed, ended. */
  private announce(task: TaskInfo): void {
    if (!task.own) return;
    const once = (key: string): boolean => !this.notified.has(key) && !!this.notified.add(key);
    if (task.outcome === 'in-doubt' && task.status === 'running' && once(`doubt|${task.upid}`)) {
      this.notifier.taskInDoubt(task);
    }
    if (task.replaces && once(`confirmed|${task.upid}`)) this.notifier.taskConfirmed(task);
    if (task.status === 'stopped' && once(task.upid) && this.quiet?.(task) !== true) {
      this.notifier.taskEnded(task);
    }
  }

  async runAction(target: GuestTarget, action: PowerAction): Promise<void> {
    const key = guestKey(target.profileId, target.guestId);
    const before = this.store.getState().busy[key];
    // Only a Stop may follow a running Shutdown (a guest that ignores it): PVE aborts the shutdown.
    const overrule = before?.action === 'shutdown' && action === 'stop';
    if (before && !overrule) return;
    this.store.setState((s) => ({ ...s, busy: { ...s.busy, [key]: { action } } }));
    try {
      const { profileId, node, type, vmid } = target;
      const task = await this.api.invoke('guest.action', {
        profileId,
        node,
        type,
        vmid,
        action,
        ...(overrule ? { params: { overruleShutdown: true } } : {}),
      });
      // Its events may have come first: the task ended, or (in doubt) was found already.
      const current = Object.values(this.store.getState().tasks).find(
        (t) => t.profileId === profileId && (t.upid === task.upid || t.replaces === task.upid),
      );
      if (task.status === 'stopped' || current?.status === 'stopped') {
        this.store.setState((s) => ({ ...s, busy: without(s.busy, key) }));
        if (task.status === 'stopped') this.onTask(task);
      } else {
        this.store.setState((s) => ({
          ...s,
          tasks: current ? s.tasks : upsertTask(s.tasks, task),
          busy: { ...s.busy, [key]: { action, upid: current?.upid ?? task.upid } },
        }));
        if (!current || current.upid === task.upid) this.announce(task);
      }
    } catch (err) {
      this.store.setState((s) => ({ ...s, busy: without(s.busy, key) }));
      this.notifier.callFailed(`${actionLabel(action)} failed`, err);
    }
  }

  async reconnect(profileId: string): Promise<void> {
    try {
      await this.api.invoke('session.reconnect', { profileId });
    } catch (err) {
      this.notifier.callFailed('Reconnect failed', err);
    }
  }

  // ---- view state ----

  open(selection: Selection): void {
    this.store.setState((s) => ({ ...s, opened: selection, cursor: rowKeyOf(selection) }));
  }

  setCursor(rowKey: string | null): void {
    this.store.setState((s) => (s.cursor === rowKey ? s : { ...s, cursor: rowKey }));
  }

  setCollapsed(rowKey: string, collapsed: boolean): void {
    this.store.setState((s) => {
      if (Boolean(s.collapsed[rowKey]) === collapsed) return s;
      return {
        ...s,
        collapsed: collapsed ? { ...s.collapsed, [rowKey]: true } : without(s.collapsed, rowKey),
      };
    });
  }

  setFilter(filter: string): void {
    this.store.setState((s) => (s.filter === filter ? s : { ...s, filter }));
  }
}

/** A guest's busy action after news of a task: moved to a confirmed task, cleared at its end. */
function busyAfter(busy: AppState['busy'], task: TaskInfo): AppState['busy'] {
  let next = busy;
  if (task.replaces) {
    for (const [key, b] of Object.entries(busy)) {
      if (b.upid === task.replaces) next = { ...busy, [key]: { ...b, upid: task.upid } };
    }
  }
  return task.status === 'stopped' ? clearBusyFor(next, task.upid) : next;
}

function clearBusyFor(
  busy: Readonly<Record<string, { upid?: string }>>,
  upid: string,
): AppState['busy'] {
  for (const [key, b] of Object.entries(busy)) {
    if (b.upid === upid) return without(busy, key) as AppState['busy'];
  }
  return busy as AppState['busy'];
}

export function actionLabel(action: PowerAction): string {
  return action.charAt(0).toUpperCase() + action.slice(1);
}

/** Row keys of the resource tree. */
export function profileRowKey(profileId: string): string {
  return `p|${profileId}`;
}
export function nodeRowKey(profileId: string, node: string): string {
  return `n|${profileId}|${node}`;
}
export function guestRowKey(profileId: string, guestId: string): string {
  return `g|${profileId}|${guestId}`;
}

function rowKeyOf(selection: Selection): string {
  switch (selection.kind) {
    case 'profile':
      return profileRowKey(selection.profileId);
    case 'node':
      return nodeRowKey(selection.profileId, selection.node);
    case 'guest':
      return guestRowKey(selection.profileId, selection.id);
  }
}
