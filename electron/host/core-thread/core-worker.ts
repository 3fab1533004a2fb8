// Core on a worker thread, as the UI thread sees it: a ContractCore the hosts bind as they bind an
// in-process core. Calls, notifications and window input go to the worker (serve-core.ts); results,
// events and stream bytes come back. The settings and secret stores stay on this thread (Electron's
// stores and keychain work only here) and answer the worker's requests, as do a test's demos.
// A worker that dies is restarted (at most RESTARTS_PER_MINUTE times a minute): calls waiting on it
// fail with a clear message, windows connected to it are told through `onRestart` (hosts drop
// them, so each reloads its state from the new core), and the profiles come back from the stores.

import { Worker } from 'node:worker_threads';
import type { LogLevel, Logger, DemoPort, DemoSpec, SecretStore, SettingsStore } from '../../core';
import { tsxWorkerScript, type WorkerScript } from '../../core';
import { DeckhandError } from '../../../shared/errors';
import { Emitter, EmitterMap } from '../../../shared/emitter';
import type { FirstFrame } from '../../../shared/first-frame';
import {
  CALL_NAMES,
  NOTIFICATION_NAMES,
  type CallHandlers,
  type IpcBroadcastEvents,
  type NotificationHandlers,
  type WindowEventName,
  type IpcWindowEvents,
} from '../../../shared/ipc';
import { systemScheduler, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { ClientConnection, ClientSink, ContractCore } from '../dispatch';
import type {
  CoreThreadData,
  FromCore,
  SecretExtra,
  ServiceName,
  StartedDemo,
  ToCore,
} from './protocol';

export interface CoreWorkerOptions {
  /** The worker's entry (a host's core-thread module); a TypeScript one names tsx's loader. */
  script: WorkerScript;
  data: Omit<CoreThreadData, 'secretExtras'>;
  settings: SettingsStore;
  secrets: SecretStore;
  /** Demos started on this thread (a test's own); `data.demos` then lists them by id. */
  demos?: readonly DemoSpec[];
  log: Logger;
  scheduler?: Scheduler;
  /** Each thread started (tests end one, as a crash would). */
  onThread?(worker: Worker): void;
}

const RESTARTS_PER_MINUTE = 3;
/** How long dispose waits for core to stop its sessions before the thread is ended. */
const DISPOSE_WAIT_MS = 10_000;

interface Waiting {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Launch {
  generation: number;
  /** Core said ready on it: a loss after that is restarted. */
  started: boolean;
  fail(err: Error): void;
}

interface Client {
  sink: ClientSink;
  /** The worker it was connected to: a restarted core does not know it. */
  generation: number;
}

type Handler = (args: unknown, ctx?: { clientId: string }) => Promise<unknown>;

export class CoreWorker implements ContractCore, Disposable {
  readonly handlers: CallHandlers;
  readonly notifications: NotificationHandlers;
  private readonly events = new EmitterMap<IpcBroadcastEvents>();
  private readonly restarted = new Emitter<void>();
  private readonly clients = new Map<string, Client>();
  private readonly waiting = new Map<number, Waiting>();
  private readonly demos = new Map<number, DemoPort>();
  private readonly scheduler: Scheduler;
  private worker: Worker | undefined;
  private ready: Promise<void> = Promise.resolve();
  private generation = 0;
  private nextId = 1;
  private nextClient = 1;
  private nextDemo = 1;
  private losses: number[] = [];
  /** Why the core is gone for good (too many restarts); every call fails with it. */
  private down: string | undefined;
  private disposing: Promise<void> | undefined;

  private constructor(private readonly options: CoreWorkerOptions) {
    this.scheduler = options.scheduler ?? systemScheduler;
    const handlers: Record<string, Handler> = {};
    for (const name of CALL_NAMES) {
      handlers[name] = (args, ctx) =>
        this.request({ t: 'call', name, args, ...clientOf(ctx) }, ctx);
    }
    this.handlers = handlers as unknown as CallHandlers;
    const notifications: Record<string, Handler> = {};
    for (const name of NOTIFICATION_NAMES) {
      notifications[name] = async (args, ctx) => {
        await this.ready;
        this.checkClient(ctx);
        this.send({ t: 'notify', name, args, ...clientOf(ctx) });
      };
    }
    this.notifications = notifications as unknown as NotificationHandlers;
  }

  /** Start the worker and core on it; rejects with core's own message when it cannot start. */
  static async start(options: CoreWorkerOptions): Promise<CoreWorker> {
    const core = new CoreWorker(options);
    await core.launch();
    return core;
  }

  on<E extends keyof IpcBroadcastEvents>(
    name: E,
    listener: (payload: IpcBroadcastEvents[E]) => void,
  ): Disposable {
    return this.events.on(name, listener);
  }

  /** The worker was lost and a new core started: every window connected before is stale. */
  onRestart(listener: () => void): Disposable {
    return this.restarted.on(listener);
  }

  connectClient(sink: ClientSink): ClientConnection {
    const clientId = `ui${String(this.nextClient++)}`;
    this.clients.set(clientId, { sink, generation: this.generation });
    this.send({ t: 'connect', clientId });
    return {
      clientId,
      write: (streamId, data) => this.send({ t: 'write', clientId, streamId, data }),
      dispose: () => {
        if (!this.clients.delete(clientId)) return;
        this.send({ t: 'disconnect', clientId });
      },
    };
  }

  log(level: LogLevel, msg: string): void {
    this.options.log(level, msg);
  }

  /** The first frame as true now (core computes it from its sessions). */
  async firstFrame(): Promise<FirstFrame | undefined> {
    try {
      return (await this.request({ t: 'first-frame' })) as FirstFrame | undefined;
    } catch {
      return undefined;
    }
  }

  /** The core thread's heap in use (bytes): the benches' memory figures. */
  async heapUsed(): Promise<number> {
    return (await this.request({ t: 'heap' })) as number;
  }

  /** Stop core (its sessions, consoles, demos) and end the thread. */
  dispose(): Promise<void> {
    this.disposing ??= this.stop();
    return this.disposing;
  }

  // ---- the worker ----

  private launch(): Promise<void> {
    const { script } = this.options;
    const generation = ++this.generation;
    const data: CoreThreadData = {
      ...this.options.data,
      secretExtras: extrasOf(this.options.secrets),
    };
    const name = 'deckhand-core';
    const worker = script.loader
      ? new Worker(
          `import(${JSON.stringify(script.loader.href)})` +
            `.then((m) => { m.register(); return import(${JSON.stringify(script.url.href)}); });`,
          { eval: true, name, workerData: data },
        )
      : new Worker(script.url, { name, workerData: data });
    this.worker = worker;
    this.options.onThread?.(worker);
    const launch: Launch = { generation, started: false, fail: () => undefined };
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromCore) => {
        if (message.t === 'ready') {
          launch.started = true;
          resolve();
        } else if (message.t === 'start-failed') {
          reject(new DeckhandError({ kind: 'internal', message: message.message }));
        } else if (message.t === 'disposed') {
          void worker.terminate();
        } else this.receive(message);
      });
      launch.fail = reject;
    });
    // A start that fails is reported by `start`; later waits see the loss, not an unhandled one.
    this.ready.catch(() => undefined);
    worker.on('error', (err) => this.lost(worker, launch, err.message));
    worker.on('exit', (code) => this.lost(worker, launch, `exit code ${String(code)}`));
    return this.ready;
  }

  private receive(message: FromCore): void {
    switch (message.t) {
      case 'result': {
        const entry = this.waiting.get(message.id);
        if (!entry) return;
        this.waiting.delete(message.id);
        if (message.envelope.ok) entry.resolve(message.envelope.value);
        else entry.reject(DeckhandError.fromData(message.envelope.error));
        return;
      }
      case 'event':
        this.events.fire(message.name as keyof IpcBroadcastEvents, message.payload as never);
        return;
      case 'window-event': {
        const client = this.clients.get(message.clientId);
        client?.sink.event(
          message.name as WindowEventName,
          message.payload as IpcWindowEvents[WindowEventName],
        );
        return;
      }
      case 'stream':
        this.clients.get(message.clientId)?.sink.stream(message.streamId, message.data);
        return;
      case 'log':
        this.options.log(message.level, message.msg);
        return;
      case 'request':
        void this.serveRequest(message.service, message.method, message.args).then(
          (value) => this.send({ t: 'answer', id: message.id, ok: true, value }),
          (err: unknown) =>
            this.send({
              t: 'answer',
              id: message.id,
              ok: false,
              message: err instanceof Error ? err.message : String(err),
            }),
        );
        return;
      default:
        return;
    }
  }

  /** The worker's requests for what stays on this thread. */
  private async serveRequest(
    service: ServiceName,
    method: string,
    args: unknown[],
  ): Promise<unknown> {
    if (service === 'demos') return this.serveDemo(method, args);
    const target = (service === 'settings'
      ? this.options.settings
      : this.options.secrets) as unknown as Record<string, unknown>;
    const fn = target[method];
    if (typeof fn !== 'function') throw new Error(`No ${service}.${method} on this host`);
    return (await (fn as (...a: unknown[]) => unknown).apply(target, args)) ?? undefined;
  }

  private async serveDemo(method: string, args: unknown[]): Promise<StartedDemo | undefined> {
    if (method === 'close') {
      const handle = args[0] as number;
      const demo = this.demos.get(handle);
      this.demos.delete(handle);
      await demo?.close();
      return undefined;
    }
    const spec = this.options.demos?.find((d) => d.id === args[0]);
    if (!spec) throw new Error(`No demo ${String(args[0])} on this host`);
    const demo = await spec.start();
    const handle = this.nextDemo++;
    this.demos.set(handle, demo);
    const { username, realm, password } = demo.credentials;
    return {
      handle,
      url: demo.url,
      fingerprint: demo.fingerprint,
      credentials: { username, realm, password },
    };
  }

  private lost(worker: Worker, launch: Launch, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const reason = `Deckhand's core stopped unexpectedly (${why})`;
    this.failWaiting(`${reason}. Try again in a moment.`);
    if (this.disposing)
      return launch.fail(new DeckhandError({ kind: 'internal', message: reason }));
    if (!launch.started) {
      // It never started: `start` (or the restart) reports why; starting again would only repeat it.
      launch.fail(new CoreThreadError(`The core thread could not start (${why})`));
      this.down = `${reason}. Quit and start Deckhand again.`;
      return;
    }
    this.options.log('error', `${reason}; starting it again`);
    const now = this.scheduler.now();
    this.losses = [...this.losses.filter((t) => now - t < 60_000), now];
    if (this.losses.length > RESTARTS_PER_MINUTE) {
      this.down = `${reason} ${String(this.losses.length)} times in a minute. Quit and start Deckhand again.`;
      this.options.log('error', this.down);
      return;
    }
    // The demos started here for the lost core stay up until dispose: the new core asks for its
    // own, and a demo handed out twice (a test's) must not be closed under it.
    this.launch().then(
      () => {
        if (launch.generation + 1 === this.generation) this.restarted.fire();
      },
      (err: unknown) => this.options.log('error', `Core did not start again: ${String(err)}`),
    );
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (worker) {
      const gone = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      const timer = this.scheduler.setTimeout(() => void worker.terminate(), DISPOSE_WAIT_MS);
      await this.ready.catch(() => undefined);
      this.send({ t: 'dispose' });
      await gone;
      timer.dispose();
    }
    this.worker = undefined;
    this.failWaiting("Deckhand's core is closed");
    await this.closeDemos();
    this.events.dispose();
    this.restarted.dispose();
    this.clients.clear();
  }

  private async closeDemos(): Promise<void> {
    const demos = [...this.demos.values()];
    this.demos.clear();
    await Promise.all(demos.map((d) => d.close().catch(() => undefined)));
  }

  // ---- messages ----

  private async request(
    message: DistributiveOmit<Extract<ToCore, { t: 'call' | 'first-frame' | 'heap' }>, 'id'>,
    ctx?: { clientId: string },
  ): Promise<unknown> {
    await this.ready.catch(() => undefined);
    if (this.disposing)
      throw new DeckhandError({ kind: 'internal', message: "Deckhand's core is closed" });
    this.checkClient(ctx);
    const worker = this.worker;
    if (!worker) throw this.gone();
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id } as ToCore);
    });
  }

  /** A window connected to a core that has since been restarted: its state there is gone. */
  private checkClient(ctx: { clientId: string } | undefined): void {
    if (ctx === undefined) return;
    const client = this.clients.get(ctx.clientId);
    if (client && client.generation !== this.generation) {
      throw new DeckhandError({
        kind: 'internal',
        message: "Deckhand's core was restarted: this window reloads its state.",
      });
    }
  }

  private gone(): DeckhandError {
    return new DeckhandError({
      kind: 'internal',
      message: this.down ?? "Deckhand's core is starting again. Try again in a moment.",
    });
  }

  private failWaiting(message: string): void {
    const err = new DeckhandError({ kind: 'internal', message });
    for (const entry of this.waiting.values()) entry.reject(err);
    this.waiting.clear();
  }

  private send(message: ToCore): void {
    this.worker?.postMessage(message);
  }
}

/**
 * The core thread's entry from this checkout's sources (tsx hosts, tests and benches); a bundle
 * names its own (electron.vite.config.ts builds it beside the main process's).
 */
export function sourceCoreThreadScript(): WorkerScript {
  const script = tsxWorkerScript(new URL('./entry.ts', import.meta.url));
  if (!script) throw new Error('The core thread runs from TypeScript sources only through tsx');
  return script;
}

/**
 * The thread itself could not start (its script would not load, say), as opposed to core failing
 * on it with a reason of its own: a host may run core in-process instead.
 */
export class CoreThreadError extends Error {
  override readonly name = 'CoreThreadError';
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function clientOf(ctx: { clientId: string } | undefined): { clientId?: string } {
  return ctx === undefined ? {} : { clientId: ctx.clientId };
}

function extrasOf(secrets: SecretStore): SecretExtra[] {
  const extras: SecretExtra[] = [];
  if (secrets.info) extras.push('info');
  if (secrets.setWeakPolicy) extras.push('setWeakPolicy');
  if (secrets.dismissProblem) extras.push('dismissProblem');
  return extras;
}
