// The core behind the IPC contract: createCore wires stores, sessions and the demo cluster into
// one handler per call and one event hub. Hosts bind `handlers` and `on` to their transport.

import type { DemoCluster } from '../../demo/api';
import { DeckhandError } from '../../../shared/errors';
import type { CallHandlers, EventName, IpcEvents } from '../../../shared/ipc';
import type { ConnectionState, ProfileAuthInput, ProfileInfo } from '../../../shared/model';
import { getClusterStatus, getDomains, getResources, getVersion } from '../pve/api';
import { PveClient } from '../pve/client';
import { normalizeFingerprint, probeCertificate } from '../pve/tls';
import { PveTransport } from '../pve/transport';
import { normalizeServerUrl } from '../../../shared/server-url';
import { ProfileSession, type LogLevel, type Logger } from '../session/profile-session';
import type { SecretStore, SettingsStore } from '../store/ports';
import type { ConsoleTimings } from '../console/console-session';
import { ConsoleManager, type ClientConnection, type ClientSink } from './consoles';
import { EventHub } from './emitter';
import { ProfileRegistry } from './registry';
import {
  consoleAckArgs,
  consoleArgs,
  consoleLoginArgs,
  consoleResizeArgs,
  consoleTargetArgs,
  guestActionArgs,
  noArgs,
  parseArgs,
  probeArgs,
  profileArgs,
  profileInputArgs,
  profileUpdateArgs,
  taskLogArgs,
} from './validation';

export type { LogLevel, Logger, ClientConnection, ClientSink };

export interface CoreDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  host: 'electron' | 'browser';
  appVersion: string;
  /** Starts the built-in demo cluster; absent in hosts that cannot run it. */
  startDemo?: () => Promise<DemoCluster>;
  /** Refresh period of every session (ms). Default 3000. */
  refreshIntervalMs?: number;
  /** Task status poll period (ms). Default 1000. */
  taskPollMs?: number;
  /** How often each session reads the cluster's task list (ms). Default 15000. */
  clusterTasksIntervalMs?: number;
  /** Console keep-alive and timeouts (tests shorten them). */
  consoleTimings?: Partial<ConsoleTimings>;
  now?: () => number;
  log?: (level: LogLevel, msg: string) => void;
}

export interface Core {
  handlers: CallHandlers;
  on<E extends EventName>(name: E, listener: (payload: IpcEvents[E]) => void): () => void;
  /**
   * A window connected. Its calls carry the returned clientId (as CallContext); the events meant
   * for it alone (console state) and its stream bytes go to `sink`. Close it when the window goes.
   */
  connectClient(sink: ClientSink): ClientConnection;
  /** Stop every session, close the demo cluster, drop listeners. */
  dispose(): Promise<void>;
}

export const DEMO_PROFILE_NAME = 'Demo cluster';

export async function createCore(deps: CoreDeps): Promise<Core> {
  const log: Logger = deps.log ?? (() => undefined);
  const now = deps.now ?? Date.now;
  const hub = new EventHub((err) => log('error', `Event listener failed: ${String(err)}`));
  let disposed = false;

  const registry = new ProfileRegistry(
    deps.settings,
    deps.secrets,
    (profile, credentials) =>
      new ProfileSession({
        profile,
        credentials,
        now,
        log,
        ...(deps.refreshIntervalMs !== undefined
          ? { refreshIntervalMs: deps.refreshIntervalMs }
          : {}),
        ...(deps.taskPollMs !== undefined ? { taskPollMs: deps.taskPollMs } : {}),
        ...(deps.clusterTasksIntervalMs !== undefined
          ? { clusterTasksIntervalMs: deps.clusterTasksIntervalMs }
          : {}),
        listeners: {
          connection: (s) => hub.emit('connection', s),
          resources: (e) => hub.emit('resources', e),
          task: (t) => hub.emit('task', t),
        },
      }),
  );

  const emitProfiles = (): void => hub.emit('profiles', registry.list());

  const consoles = new ConsoleManager({
    session: (profileId) => registry.session(profileId),
    profile: (profileId) => registry.find((p) => p.id === profileId),
    now,
    ...(deps.consoleTimings ? { timings: deps.consoleTimings } : {}),
  });

  // ---- the demo cluster: started at most once per core, closed with it ----
  let demo: Promise<DemoCluster> | undefined;
  const startDemo = (): Promise<DemoCluster> => {
    if (!deps.startDemo) {
      return Promise.reject(
        new DeckhandError({ kind: 'internal', message: 'The demo cluster is not available here' }),
      );
    }
    demo ??= deps.startDemo().catch((err: unknown) => {
      demo = undefined;
      throw err;
    });
    return demo;
  };

  function demoAuth(cluster: DemoCluster): Extract<ProfileAuthInput, { mode: 'password' }> {
    const c = cluster.credentials;
    return {
      mode: 'password',
      username: c.username.split('@')[0] ?? c.username,
      realm: c.realm,
      password: c.password,
    };
  }

  /** Point the demo profile at the running demo (each start has a new port and certificate). */
  async function connectDemo(existing: ProfileInfo | undefined): Promise<ProfileInfo> {
    const cluster = await startDemo();
    const auth = demoAuth(cluster);
    const fields = { url: cluster.url, fingerprint: cluster.fingerprint, isDemo: true };
    if (existing) {
      return registry.update(
        {
          ...existing,
          ...fields,
          authMode: 'password',
          username: auth.username,
          realm: auth.realm,
        },
        auth,
      );
    }
    return registry.add({ name: DEMO_PROFILE_NAME, ...fields }, auth);
  }

  // ---- start saved profiles ----
  for (const profile of await registry.load()) {
    if (profile.isDemo && deps.startDemo) {
      try {
        await connectDemo(profile);
      } catch (err) {
        log(
          'error',
          `Demo cluster did not start: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      continue;
    }
    let credentials: ProfileAuthInput | undefined;
    try {
      credentials = await registry.credentials(profile);
    } catch (err) {
      // A secret that cannot be read now (keyring locked or gone, foreign format) costs this
      // profile its connection, not the whole app its start: it shows as needing the secret again.
      log(
        'warn',
        `Profile ${profile.id}: stored secret unreadable (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    if (credentials) registry.startSession(profile, credentials);
    else log('warn', `Profile ${profile.id} has no stored secret; not connecting it`);
  }

  function offlineWithoutSecret(profileId: string): ConnectionState {
    return {
      profileId,
      status: 'offline',
      reason: 'The stored password or token is missing: enter it again to connect',
      errorKind: 'auth',
      since: now(),
      offlineNodes: [],
    };
  }

  /**
   * The fingerprint the server at `url` presents now, if it equals the one the user approved.
   * The renderer's word alone is never pinned: a mismatch refuses the change.
   */
  async function presentedFingerprint(url: string, approved: string): Promise<string> {
    const endpoint = normalizeServerUrl(url);
    const wanted = normalizeFingerprint(approved);
    const { fingerprint } = await probeCertificate(endpoint);
    if (fingerprint !== wanted) {
      throw new DeckhandError({
        kind: 'tls',
        message: `${endpoint.hostPort} presents the certificate ${fingerprint}, not the approved ${wanted}. Nothing was changed; review the certificate again.`,
        fingerprint,
      });
    }
    return fingerprint;
  }

  /** Log in once with new credentials before they replace the stored ones. */
  /** Log in once with these credentials (and pin) without keeping anything. */
  async function checkLogin(
    profile: Pick<ProfileInfo, 'url' | 'fingerprint'>,
    auth: ProfileAuthInput,
  ): Promise<void> {
    const client = new PveClient({
      endpoint: normalizeServerUrl(profile.url),
      ...(profile.fingerprint ? { fingerprint: profile.fingerprint } : {}),
      credentials: auth,
      now,
    });
    try {
      await client.login();
    } finally {
      await client.close();
    }
  }

  const handlers: CallHandlers = {
    'app.info': async (args) => {
      parseArgs(noArgs, args, 'app.info');
      return {
        version: deps.appVersion,
        host: deps.host,
        platform: process.platform,
        secrets: await deps.secrets.persistence(),
      };
    },

    'profiles.list': async (args) => {
      parseArgs(noArgs, args, 'profiles.list');
      return registry.list();
    },

    'profiles.probe': async (args) => {
      const a = parseArgs(probeArgs, args, 'profiles.probe');
      const endpoint = normalizeServerUrl(a.url);
      const certificate = await probeCertificate(endpoint);
      const approved =
        a.fingerprint !== undefined &&
        normalizeFingerprint(a.fingerprint) === certificate.fingerprint;
      if (!certificate.trusted && !approved) return { url: endpoint.baseUrl, certificate };
      const transport = new PveTransport({
        endpoint,
        ...(approved ? { fingerprint: certificate.fingerprint } : {}),
      });
      try {
        return { url: endpoint.baseUrl, certificate, realms: await getDomains(transport) };
      } finally {
        await transport.close();
      }
    },

    'profiles.test': async (args) => {
      const a = parseArgs(profileInputArgs, args, 'profiles.test');
      const client = new PveClient({
        endpoint: normalizeServerUrl(a.url),
        ...(a.fingerprint ? { fingerprint: a.fingerprint } : {}),
        credentials: a.auth,
        now,
      });
      try {
        const login = await client.login();
        const version = await getVersion(client);
        let clusterName = login.clusterName;
        let nodes: number;
        try {
          const status = await getClusterStatus(client);
          clusterName ??= status.clusterName;
          nodes = status.nodes.length;
        } catch (err) {
          if (!(err instanceof DeckhandError && err.kind === 'permission')) throw err;
          // Without Sys.Audit on / count the nodes this user can see.
          nodes = (await getResources(client)).items.filter((r) => r.type === 'node').length;
        }
        return {
          version,
          identity: login.identity,
          nodes,
          ...(clusterName ? { clusterName } : {}),
        };
      } finally {
        await client.close();
      }
    },

    'profiles.add': async (args) => {
      const a = parseArgs(profileInputArgs, args, 'profiles.add');
      const endpoint = normalizeServerUrl(a.url);
      const info = {
        name: a.name,
        url: endpoint.baseUrl,
        isDemo: false,
        ...(a.fingerprint ? { fingerprint: normalizeFingerprint(a.fingerprint) } : {}),
      };
      // A profile is saved only once it can log in: a typo in the password must not be stored.
      await checkLogin(info, a.auth);
      const profile = await registry.add(info, a.auth);
      emitProfiles();
      return profile;
    },

    'profiles.update': async (args) => {
      const a = parseArgs(profileUpdateArgs, args, 'profiles.update');
      const saved = await registry.exclusive(a.profileId, async () => {
        const current = registry.find((p) => p.id === a.profileId);
        if (!current) {
          throw new DeckhandError({ kind: 'not-found', message: `No profile ${a.profileId}` });
        }
        const next: ProfileInfo = { ...current };
        if (a.name !== undefined) next.name = a.name;
        if (a.fingerprint !== undefined) {
          next.fingerprint = await presentedFingerprint(current.url, a.fingerprint);
        }
        if (a.auth) {
          next.authMode = a.auth.mode;
          if (a.auth.mode === 'password') {
            next.username = a.auth.username;
            next.realm = a.auth.realm;
          } else {
            next.username = a.auth.tokenId;
            delete next.realm;
          }
          await checkLogin(next, a.auth);
        }
        const restart = a.fingerprint !== undefined || a.auth !== undefined;
        return registry.change(next, { ...(a.auth ? { auth: a.auth } : {}), restart });
      });
      emitProfiles();
      return saved;
    },

    'profiles.remove': async (args) => {
      const a = parseArgs(profileArgs, args, 'profiles.remove');
      await consoles.closeProfile(a.profileId, 'The profile was removed');
      const removed = await registry.exclusive(a.profileId, () => registry.remove(a.profileId));
      if (removed.isDemo && demo) {
        const running = demo;
        demo = undefined;
        await (await running).close();
      }
      emitProfiles();
    },

    'profiles.addDemo': async (args) => {
      parseArgs(noArgs, args, 'profiles.addDemo');
      const profile = await connectDemo(registry.find((p) => p.isDemo));
      emitProfiles();
      return profile;
    },

    'session.reconnect': async (args) => {
      const a = parseArgs(profileArgs, args, 'session.reconnect');
      await registry.session(a.profileId).reconnect();
    },

    'session.state': async (args) => {
      const a = parseArgs(profileArgs, args, 'session.state');
      if (registry.has(a.profileId) && !registry.hasSession(a.profileId)) {
        return offlineWithoutSecret(a.profileId);
      }
      return registry.session(a.profileId).state;
    },

    'resources.snapshot': async (args) => {
      const a = parseArgs(profileArgs, args, 'resources.snapshot');
      return registry.session(a.profileId).snapshot();
    },

    'guest.action': async (args) => {
      const a = parseArgs(guestActionArgs, args, 'guest.action');
      const { profileId, node, type, vmid, action, params } = a;
      return registry.session(profileId).action({ profileId, node, type, vmid }, action, params);
    },

    'tasks.list': async (args) => {
      const a = parseArgs(profileArgs, args, 'tasks.list');
      return registry.session(a.profileId).tasks();
    },

    'tasks.log': async (args) => {
      const a = parseArgs(taskLogArgs, args, 'tasks.log');
      const window = {
        ...(a.start !== undefined ? { start: a.start } : {}),
        ...(a.limit !== undefined ? { limit: a.limit } : {}),
      };
      return registry.session(a.profileId).taskLog(a.upid, window);
    },

    'console.open': async (args, ctx) => {
      const a = parseArgs(consoleTargetArgs, args, 'console.open');
      return consoles.open(
        {
          profileId: a.profileId,
          node: a.node,
          kind: a.kind,
          ...(a.vmid !== undefined ? { vmid: a.vmid } : {}),
        },
        ctx,
      );
    },

    'console.list': async (args, ctx) => {
      parseArgs(noArgs, args, 'console.list');
      return consoles.list(ctx);
    },

    'console.attach': async (args, ctx) => {
      const a = parseArgs(consoleArgs, args, 'console.attach');
      return consoles.attach(a.consoleId, ctx);
    },

    'console.reconnect': async (args, ctx) => {
      const a = parseArgs(consoleArgs, args, 'console.reconnect');
      return consoles.reconnect(a.consoleId, ctx);
    },

    'console.close': async (args, ctx) => {
      const a = parseArgs(consoleArgs, args, 'console.close');
      consoles.close(a.consoleId, ctx);
    },

    'console.resize': async (args, ctx) => {
      const a = parseArgs(consoleResizeArgs, args, 'console.resize');
      consoles.resize(a.consoleId, a.cols, a.rows, ctx);
    },

    'console.ack': async (args, ctx) => {
      const a = parseArgs(consoleAckArgs, args, 'console.ack');
      consoles.ack(a.consoleId, a.bytes, ctx);
    },

    'console.login': async (args) => {
      const a = parseArgs(consoleLoginArgs, args, 'console.login');
      await consoles.login(a.profileId, a.username, a.realm, a.password);
    },
  };

  return {
    handlers,
    on: (name, listener) => hub.on(name, listener),
    connectClient: (sink) => consoles.connectClient(sink),
    async dispose() {
      if (disposed) return;
      disposed = true;
      hub.clear();
      await consoles.dispose();
      await registry.dispose();
      const running = demo;
      demo = undefined;
      if (running) await running.then((d) => d.close()).catch(() => undefined);
    },
  };
}
