// The core behind the IPC contract: createCore wires stores, sessions, consoles and the demo
// cluster (through its port) into one handler per call and notification, and one hub of
// broadcast events. Hosts bind them to their transport through electron/host's dispatcher,
// which checks every argument against the contract's schemas first. Everything core starts is
// owned by one DisposableStore; `dispose()` stops it all.

import { EmitterMap } from '../../../shared/emitter';
import type {
  BroadcastEventName,
  CallHandlers,
  IpcBroadcastEvents,
  NotificationHandlers,
} from '../../../shared/ipc';
import {
  DisposableStore,
  systemScheduler,
  type Disposable,
  type Scheduler,
} from '../../../shared/lifecycle';
import type { ConsoleTimings } from '../console/console-session';
import { ProfileSession, type LogLevel, type Logger } from '../session/profile-session';
import type { SecretStore, SettingsStore } from '../store/ports';
import { ConsoleManager, type ClientConnection, type ClientSink } from './consoles';
import { DemoProfile, singleDemo, type DemoSpec, type StartDemo } from './demo-profile';
import type { AddressTimings } from '../addresses/address-index';
import { addressHandlers } from './handlers/addresses';
import { appHandlers } from './handlers/app';
import { consoleHandlers, consoleNotifications } from './handlers/consoles';
import { guestHandlers } from './handlers/guests';
import { logHandlers, logNotifications } from './handlers/logs';
import { LogManager } from '../logs/manager';
import type { FlowLimits } from '../logs/stream';
import { profileHandlers } from './handlers/profiles';
import { demoHandlers } from './handlers/demos';
import { sessionHandlers } from './handlers/session';
import { trustHandlers } from './handlers/trust';
import { snapshotHandlers } from './handlers/snapshots';
import { configHandlers } from './handlers/config';
import { bulkHandlers } from './handlers/bulk';
import { bulkBackup, bulkSnapshot } from '../bulk/bulk-writes';
import { BulkRunner } from '../bulk/bulk-runner';
import { bulkMigrateOne, clusterBulkCanMigrate, startClusterMigrate } from '../bulk/bulk-migrate';
import { CLUSTER_BULK_ACTIONS, hasClusterBulk, startClusterBulk } from '../bulk/cluster-bulk';
import { backupHandlers } from './handlers/backups';
import { migrateHandlers } from './handlers/migrate';
import { cloneHandlers } from './handlers/clone';
import { createHandlers } from './handlers/create';
import { statsHandlers } from './handlers/stats';
import { resourceHandlers } from './handlers/resources';
import { MetricsRoom } from '../resources/metrics-room';
import { StatsWatcher } from '../stats/stats-watcher';
import { ProfileService } from './profile-service';
import { saveNodePins } from '../trust/save-pins';
import { ProfileRegistry } from './registry';
import { InProcessPipeline } from '../session/resource-pipeline';
import { assertWritable, guardWrites } from './write-guard';
import { ProfileCache } from '../cache/profile-cache';
import type { CacheStore } from '../cache/ports';
import { visibilityNotifications, WindowVisibility } from './visibility';
import { FirstFrameStore } from '../first-frame/first-frame-store';
import { firstFrameHandlers } from './handlers/first-frame';
import type { FirstFrame } from '../../../shared/first-frame';

export type { LogLevel, Logger, ClientConnection, ClientSink };
export { DEMO_PROFILE_NAME, type DemoPort, type DemoSpec, type StartDemo } from './demo-profile';

export interface CoreDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  host: 'electron' | 'browser';
  appVersion: string;
  /** The built-in demos, the main one first (each its own profile); none where they cannot run. */
  demos?: readonly DemoSpec[];
  /** One demo only, named "Demo cluster" (what tests pass); ignored when `demos` is given. */
  startDemo?: StartDemo;
  /** Refresh period of every session (ms). Default 3000. */
  refreshIntervalMs?: number;
  /** Refresh period while no window is visible (ms). Default 30000. */
  hiddenRefreshIntervalMs?: number;
  /** Where each profile's last known state is kept between runs; none: nothing is kept. */
  cache?: CacheStore;
  /** Shortest pause between two cache writes of one profile (ms). Default 10000. */
  cacheDelayMs?: number;
  /** Task status poll period (ms). Default 1000. */
  taskPollMs?: number;
  /** How often each session reads the cluster's task list (ms). Default 15000. */
  clusterTasksIntervalMs?: number;
  /** Cadence and concurrency of every session's address index (tests shorten them). */
  addressTimings?: Partial<AddressTimings>;
  /** Log streams: poll period of every source (default: each its own) and flow limits. */
  logPollMs?: number;
  logFlow?: Partial<FlowLimits>;
  /** Console keep-alive and timeouts (tests shorten them). */
  consoleTimings?: Partial<ConsoleTimings>;
  /** Timers of every session and console. Default systemScheduler. */
  scheduler?: Scheduler;
  now?: () => number;
  log?: (level: LogLevel, msg: string) => void;
}

export interface Core {
  /** One function per call; arguments must already be checked (electron/host's dispatcher). */
  readonly handlers: CallHandlers;
  /** One function per notification; arguments checked as for calls. */
  readonly notifications: NotificationHandlers;
  /** Events for every window. A window's own events go to its sink (see `connectClient`). */
  on<E extends BroadcastEventName>(
    name: E,
    listener: (payload: IpcBroadcastEvents[E]) => void,
  ): Disposable;
  /**
   * A window connected. Its calls carry the returned clientId (as CallContext); the events meant
   * for it alone (console state) and its stream bytes go to `sink`. Dispose it when the window
   * goes.
   */
  connectClient(sink: ClientSink): ClientConnection;
  /** Core's logger, for hosts reporting what they dropped. */
  log(level: LogLevel, msg: string): void;
  /** The window's first frame as true now (hosts inline it into index.html), if one was saved. */
  firstFrame(): FirstFrame | undefined;
  /** Stop every session and console, close the demo cluster, drop listeners. */
  dispose(): Promise<void>;
}

export async function createCore(deps: CoreDeps): Promise<Core> {
  const log: Logger = deps.log ?? (() => undefined);
  const now = deps.now ?? Date.now;
  const scheduler = deps.scheduler ?? systemScheduler;
  // Disposed newest first: events, consoles, sessions, then the demo they talk to.
  const store = new DisposableStore('core');
  // Added first, so it closes after every session that uses it.
  const pipeline = store.add(new InProcessPipeline());
  const hub = new EmitterMap<IpcBroadcastEvents>((err) =>
    log('error', `Event listener failed: ${String(err)}`),
  );

  const visibility = new WindowVisibility({
    paceChanged: (visible) => {
      for (const s of registry.allSessions()) s.setVisible(visible);
    },
    refreshNow: () => {
      for (const s of registry.allSessions()) s.refreshSoon();
    },
  });
  const cache: ProfileCache | undefined = deps.cache
    ? new ProfileCache({
        store: deps.cache,
        scheduler,
        log,
        ...(deps.cacheDelayMs !== undefined ? { delayMs: deps.cacheDelayMs } : {}),
        current: (profileId) => {
          if (!registry.hasSession(profileId)) return undefined;
          const session: ProfileSession = registry.session(profileId);
          const { lastRefresh, clusterName, version, standalone } = session.state;
          const nodes = session.links.known();
          const items = session.snapshot().items;
          return {
            items,
            lastRefresh,
            clusterName,
            version,
            ...(standalone ? { standalone } : {}),
            ...(nodes ? { nodes } : {}),
          };
        },
      })
    : undefined;
  const registry: ProfileRegistry = new ProfileRegistry(
    deps.settings,
    deps.secrets,
    (profile, credentials): ProfileSession => {
      const seed = cache?.take(profile.id);
      const session = new ProfileSession({
        profile,
        credentials,
        resourcePipeline: pipeline,
        ...(seed ? { seed } : {}),
        ...(deps.hiddenRefreshIntervalMs !== undefined
          ? { hiddenRefreshIntervalMs: deps.hiddenRefreshIntervalMs }
          : {}),
        now,
        scheduler,
        log,
        ...(deps.refreshIntervalMs !== undefined
          ? { refreshIntervalMs: deps.refreshIntervalMs }
          : {}),
        ...(deps.taskPollMs !== undefined ? { taskPollMs: deps.taskPollMs } : {}),
        ...(deps.clusterTasksIntervalMs !== undefined
          ? { clusterTasksIntervalMs: deps.clusterTasksIntervalMs }
          : {}),
        listeners: {
          connection: (s) => hub.fire('connection', s),
          resources: (e) => metrics.onResources(e),
          task: (t) => hub.fire('task', t),
          addresses: (e) => hub.fire('addresses', e),
          nodePins: (pins) => void saveNodePins(registry, profile.id, pins, log),
        },
        ...(deps.addressTimings ? { addressTimings: deps.addressTimings } : {}),
      });
      if (!visibility.anyVisible) session.setVisible(false);
      return session;
    },
  );
  const demo = store.add(
    new DemoProfile(registry, deps.demos ?? (deps.startDemo ? [singleDemo(deps.startDemo)] : [])),
  );
  store.add(registry);
  if (cache) {
    // Disposed before the sessions: its last write reads them.
    store.add(cache);
    store.add(hub.on('resources', (e) => cache.changed(e.profileId)));
  }
  const consoles = store.add(
    new ConsoleManager({
      session: (profileId) => registry.session(profileId),
      profile: (profileId) => registry.find((p) => p.id === profileId),
      now,
      scheduler,
      ...(deps.consoleTimings ? { timings: deps.consoleTimings } : {}),
    }),
  );
  // Structure to every window, live metrics to the windows that watch them (per window state).
  const metrics = store.add(
    new MetricsRoom({
      broadcast: (e) => hub.fire('resources', e),
      emit: (clientId, e) => consoles.clientSink(clientId)?.event('metrics', e),
      snapshot: (profileId) => registry.session(profileId).snapshot(),
      onClientGone: (listener) => consoles.onClientGone(listener),
    }),
  );
  store.add(hub.on('profiles', (list) => metrics.retainProfiles(list.map((p) => p.id))));
  // Disposed before consoles and sessions, like stats: no stream outlives its window's link.
  const logs = store.add(
    new LogManager({
      session: (profileId) => registry.session(profileId),
      sink: (clientId) => consoles.clientSink(clientId),
      consoleClient: (profileId) => consoles.loginClient(profileId),
      onClientGone: (listener) => consoles.onClientGone(listener),
      scheduler,
      now,
      log,
      ...(deps.logPollMs !== undefined ? { pollMs: deps.logPollMs } : {}),
      ...(deps.logFlow ? { flow: deps.logFlow } : {}),
    }),
  );
  // Disposed before consoles and sessions: no poll outlives the client it reads through.
  const stats = store.add(
    new StatsWatcher({
      client: (profileId) => registry.session(profileId).api,
      emit: (clientId, event) => consoles.clientSink(clientId)?.event('stats', event),
      onClientGone: (listener) => consoles.onClientGone(listener),
      scheduler,
      now,
    }),
  );
  // Disposed before sessions: no bulk job starts a write on a closing session.
  const bulk = store.add(
    new BulkRunner({
      action: async (ref, action) => {
        assertWritable((id) => registry.find((p) => p.id === id), ref.profileId);
        return registry.session(ref.profileId).action(ref, action);
      },
      snapshot: async (ref, params) => {
        assertWritable((id) => registry.find((p) => p.id === id), ref.profileId);
        return bulkSnapshot(registry.session(ref.profileId), ref, params);
      },
      backup: async (ref, params) => {
        assertWritable((id) => registry.find((p) => p.id === id), ref.profileId);
        return bulkBackup(registry.session(ref.profileId), ref, params);
      },
      migrate: async (ref, params) => {
        assertWritable((id) => registry.find((p) => p.id === id), ref.profileId);
        return bulkMigrateOne(registry.session(ref.profileId), ref, params);
      },
      nodeOf: (ref) => {
        if (!registry.hasSession(ref.profileId)) return undefined;
        const r = registry.session(ref.profileId).resource(`${ref.type}/${String(ref.vmid)}`);
        return r && 'node' in r ? r.node : undefined;
      },
      onResources: (listener) => hub.on('resources', (e) => listener(e.profileId)),
      scheduler,
      clusterBulk: (profileId, spec, refs) => {
        const session = registry.session(profileId);
        if (!hasClusterBulk(session.state.version)) return;
        if (spec.action === 'migrate') {
          if (!clusterBulkCanMigrate(spec.migrate)) return;
          return (async () => {
            assertWritable((id) => registry.find((p) => p.id === id), profileId);
            return startClusterMigrate(session, refs, spec.migrate);
          })();
        }
        const { action } = spec;
        if (action === 'snapshot' || action === 'backup' || !CLUSTER_BULK_ACTIONS.has(action)) {
          return;
        }
        return (async () => {
          assertWritable((id) => registry.find((p) => p.id === id), profileId);
          return startClusterBulk(session, action, refs);
        })();
      },
      taskLog: async (profileId, upid) =>
        (await registry.session(profileId).taskLog(upid, { start: 0, limit: 0 })).lines.map(
          (l) => l.t,
        ),
      onTask: (listener) => hub.on('task', listener),
      emit: (clientId, job) => consoles.clientSink(clientId)?.event('bulk', job),
      onClientGone: (listener) => consoles.onClientGone(listener),
    }),
  );
  store.add(hub);

  const profiles = new ProfileService({
    registry,
    consoles,
    logs,
    demo,
    now,
    log,
    profilesChanged: (list) => hub.fire('profiles', list),
    ...(cache ? { cache } : {}),
  });
  store.add(consoles.onClientGone((clientId) => visibility.gone(clientId)));

  const firstFrame = deps.cache
    ? new FirstFrameStore(deps.cache, (m) => log('warn', m))
    : undefined;
  await firstFrame?.load();
  try {
    await profiles.startSaved();
  } catch (err) {
    await store.dispose();
    throw err;
  }

  // Every writing call is refused for a read-only profile (write-guard.ts classifies them all).
  const handlers: CallHandlers = guardWrites(
    {
      ...appHandlers({ appVersion: deps.appVersion, host: deps.host, secrets: deps.secrets }),
      ...profileHandlers(profiles),
      ...demoHandlers(profiles),
      ...sessionHandlers(registry, profiles),
      ...trustHandlers(registry),
      ...resourceHandlers(registry, metrics),
      ...guestHandlers(registry),
      ...bulkHandlers(bulk),
      ...snapshotHandlers(registry),
      ...configHandlers(registry),
      ...backupHandlers(registry),
      ...migrateHandlers(registry),
      ...cloneHandlers(registry, { onTask: (listener) => hub.on('task', listener) }),
      ...createHandlers(registry, { onTask: (listener) => hub.on('task', listener) }),
      ...addressHandlers(registry),
      ...consoleHandlers(consoles),
      ...logHandlers(logs, registry),
      ...statsHandlers(registry, stats),
      ...firstFrameHandlers(firstFrame),
    },
    (id) => registry.find((p) => p.id === id),
  );

  return {
    handlers,
    notifications: {
      ...consoleNotifications(consoles),
      ...logNotifications(logs),
      ...visibilityNotifications(visibility),
    },
    on: (name, listener) => hub.on(name, listener),
    connectClient: (sink) => {
      const client = consoles.connectClient(sink);
      visibility.connected(client.clientId);
      return client;
    },
    log,
    firstFrame: () =>
      firstFrame?.current({
        profiles: () => registry.list(),
        lastSeen: (id) =>
          registry.hasSession(id) ? registry.session(id).state.lastRefresh : undefined,
      }),
    dispose: () => store.dispose(),
  };
}
