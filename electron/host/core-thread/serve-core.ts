// Core on its own worker thread: the worker's side of protocol.ts. `runCoreThread` builds core from
// the plain values the UI thread sent (workerData) and stand-ins for what stays on the UI thread
// (the settings and secret stores, a test's demos), then answers calls, forwards every broadcast
// event, and carries each window's own events and stream bytes. The sessions' fetch, parse, diff
// and cache writes all run here, so the thread that serves the windows only forwards.

import { getHeapStatistics } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import {
  createCore,
  FileCacheStore,
  type ClientConnection,
  type Core,
  type DemoSpec,
  type SecretStore,
  type SettingsStore,
} from '../../core';
import { DeckhandError, toErrorData } from '../../../shared/errors';
import { BROADCAST_EVENT_NAMES, type CallContext } from '../../../shared/ipc';
import { dispatchCheckedCall, dispatchCheckedNotification } from '../dispatch';
import type { CoreThreadData, FromCore, ServiceName, StartedDemo, ToCore } from './protocol';

/** Requests to the UI thread's services, answered in order of their ids. */
class UiLink {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();

  constructor(private readonly port: MessagePort) {}

  request<T>(service: ServiceName, method: string, args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      post(this.port, { t: 'request', id, service, method, args });
    });
  }

  answer(message: Extract<ToCore, { t: 'answer' }>): void {
    const entry = this.waiting.get(message.id);
    if (!entry) return;
    this.waiting.delete(message.id);
    if (message.ok) entry.resolve(message.value);
    else entry.reject(new DeckhandError({ kind: 'internal', message: message.message }));
  }
}

function remoteSettings(link: UiLink): SettingsStore {
  return {
    loadProfiles: () => link.request('settings', 'loadProfiles', []),
    saveProfiles: (profiles) => link.request('settings', 'saveProfiles', [profiles]),
  };
}

function remoteSecrets(link: UiLink, extras: CoreThreadData['secretExtras']): SecretStore {
  const store: SecretStore = {
    get: (key) => link.request('secrets', 'get', [key]),
    set: (key, value) => link.request('secrets', 'set', [key, value]),
    delete: (key) => link.request('secrets', 'delete', [key]),
    persistence: () => link.request('secrets', 'persistence', []),
  };
  if (extras.includes('info')) store.info = () => link.request('secrets', 'info', []);
  if (extras.includes('setWeakPolicy')) {
    store.setWeakPolicy = (policy) => link.request('secrets', 'setWeakPolicy', [policy]);
  }
  if (extras.includes('dismissProblem')) {
    store.dismissProblem = () => void link.request('secrets', 'dismissProblem', []).catch(() => {});
  }
  return store;
}

function demosOf(
  data: CoreThreadData,
  link: UiLink,
  builtIn: () => readonly DemoSpec[],
): readonly DemoSpec[] {
  if (data.demos === 'built-in') return builtIn();
  if (data.demos === 'none') return [];
  return data.demos.map((demo) => ({
    ...demo,
    start: async () => {
      const started = await link.request<StartedDemo>('demos', 'start', [demo.id]);
      return {
        url: started.url,
        fingerprint: started.fingerprint,
        credentials: started.credentials,
        close: () => link.request<void>('demos', 'close', [started.handle]),
      };
    },
  }));
}

/** Run core on this worker, talking to the UI thread over `port`, until it says dispose. */
export async function runCoreThread(
  port: MessagePort,
  data: CoreThreadData,
  builtInDemos: () => readonly DemoSpec[],
): Promise<void> {
  const link = new UiLink(port);
  const early: ToCore[] = [];
  let serve: ((message: ToCore) => void) | undefined;
  port.on('message', (message: ToCore) => {
    if (message.t === 'answer') link.answer(message);
    else if (serve) serve(message);
    else early.push(message);
  });

  let core: Core;
  try {
    core = await createCore({
      ...data.timings,
      host: data.host,
      appVersion: data.appVersion,
      settings: remoteSettings(link),
      secrets: remoteSecrets(link, data.secretExtras),
      demos: demosOf(data, link, builtInDemos),
      log: (level, msg) => post(port, { t: 'log', level, msg }),
      ...(data.cacheDir !== undefined ? { cache: new FileCacheStore(data.cacheDir) } : {}),
    });
  } catch (err) {
    post(port, { t: 'start-failed', message: toErrorData(err).message });
    port.close();
    return;
  }

  for (const name of BROADCAST_EVENT_NAMES) {
    core.on(name, (payload) => post(port, { t: 'event', name, payload }));
  }
  const clients = new Map<string, ClientConnection>();
  /** The UI thread names each window; core's own id for it is what handlers see. */
  const ctxOf = (clientId: string | undefined): CallContext | undefined => {
    const connection = clientId === undefined ? undefined : clients.get(clientId);
    return connection ? { clientId: connection.clientId } : undefined;
  };

  serve = (message) => {
    switch (message.t) {
      case 'call':
        void dispatchCheckedCall(core, message.name, message.args, ctxOf(message.clientId)).then(
          (envelope) => post(port, { t: 'result', id: message.id, envelope }),
        );
        return;
      case 'notify':
        void dispatchCheckedNotification(core, message.name, message.args, ctxOf(message.clientId));
        return;
      case 'first-frame':
        post(port, {
          t: 'result',
          id: message.id,
          envelope: { ok: true, value: core.firstFrame() },
        });
        return;
      case 'heap':
        post(port, {
          t: 'result',
          id: message.id,
          envelope: { ok: true, value: getHeapStatistics().used_heap_size },
        });
        return;
      case 'connect': {
        const { clientId } = message;
        clients.set(
          clientId,
          core.connectClient({
            event: (name, payload) => post(port, { t: 'window-event', clientId, name, payload }),
            stream: (streamId, bytes) =>
              post(port, { t: 'stream', clientId, streamId, data: bytes }),
          }),
        );
        return;
      }
      case 'disconnect':
        clients.get(message.clientId)?.dispose();
        clients.delete(message.clientId);
        return;
      case 'write':
        clients.get(message.clientId)?.write(message.streamId, message.data);
        return;
      case 'dispose':
        serve = () => undefined;
        void core.dispose().finally(() => {
          post(port, { t: 'disposed' });
          port.close();
        });
        return;
      case 'answer':
        return;
    }
  };
  post(port, { t: 'ready' });
  for (const message of early.splice(0)) serve(message);
}

function post(port: MessagePort, message: FromCore): void {
  try {
    port.postMessage(message);
  } catch (err) {
    // A value that cannot be cloned is a core bug; a call's caller still gets an answer.
    if (message.t !== 'result') return;
    const error = {
      kind: 'internal' as const,
      message: `Result could not be sent: ${String(err)}`,
    };
    port.postMessage({
      t: 'result',
      id: message.id,
      envelope: { ok: false, error },
    } satisfies FromCore);
  }
}
