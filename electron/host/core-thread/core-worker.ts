// Core on a worker thread, as the UI thread sees it: a ContractCore the hosts bind like an in-process
// core. Calls, notifications and window input go to the worker (serve-core.ts); results, events and
// stream bytes come back. The settings and secret stores (and a test's demos) stay on this thread
// and answer the worker (ui-services.ts). A lost worker is started again (RESTARTS_PER_MINUTE):
// calls under way fail with a clear message and `onRestart` tells the hosts to reload their
// windows. Where no thread can start, `sameThread` runs core here over a MessageChannel; `open`
// lets a host open its window while core starts (calls wait for it), and `startAfter` holds the
// thread back until the window's first frame is painted. Until core is up, the first frame is
// read on this thread (core/first-frame/early.ts).

import type { MessagePort, Worker } from 'node:worker_threads';
import type { LogLevel, Logger, DemoSpec, SecretStore, SettingsStore } from '../../core';
import { readEarlyFirstFrame } from '../../core/ui-thread';
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
import {
  clientOf,
  type CoreThreadData,
  type FromCore,
  type ToCore,
  type WithoutId,
} from './protocol';
import {
  channelThread,
  CoreThreadError,
  workerThread,
  type CoreThread,
  type WorkerScript,
} from './threads';
import { UiServices } from './ui-services';

export { CoreThreadError, sourceCoreThreadScript, type WorkerScript } from './threads';

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
  /**
   * Where the thread itself cannot start (its script would not load): run core on this thread
   * instead, over a MessageChannel, speaking the same protocol (the host calls runCoreThread,
   * and may import it only then: a rejection ends the launch with its reason).
   */
  sameThread?(port: MessagePort, data: CoreThreadData): void | Promise<void>;
  /**
   * Start the thread only once this settles (Electron: its window's first frame is painted, so
   * that core's start does not compete with it for the CPU). Until then calls wait.
   */
  startAfter?: Promise<unknown>;
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
  /** Core itself failed to start on it (its own reason), as opposed to the thread. */
  coreFailed?: boolean;
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
  private readonly services: UiServices;
  private readonly scheduler: Scheduler;
  private worker: CoreThread | undefined;
  private ready: Promise<void> = Promise.resolve();
  /** The first start, across the fallback: resolves once core is up, rejects with its reason. */
  readonly started: Promise<void>;
  private startedNow!: () => void;
  private startFailed!: (err: Error) => void;
  /** Core runs on this thread (the thread could not start). */
  private onSameThread = false;
  /** Core has said ready once (a later failure is a loss, not a failed start). */
  private hasStarted = false;
  private generation = 0;
  private nextId = 1;
  private nextClient = 1;
  private losses: number[] = [];
  /** Why the core is gone for good (too many restarts); every call fails with it. */
  private down: string | undefined;
  private disposing: Promise<void> | undefined;

  private constructor(private readonly options: CoreWorkerOptions) {
    this.scheduler = options.scheduler ?? systemScheduler;
    this.services = new UiServices(options.settings, options.secrets, options.demos);
    this.started = new Promise<void>((resolve, reject) => {
      this.startedNow = resolve;
      this.startFailed = reject;
    });
    this.started.catch(() => undefined);
    const handlers: Record<string, Handler> = {};
    for (const name of CALL_NAMES) {
      handlers[name] = (args, ctx) =>
        this.request({ t: 'call', name, args, ...clientOf(ctx) }, ctx);
    }
    this.handlers = handlers as unknown as CallHandlers;
    const notifications: Record<string, Handler> = {};
    for (const name of NOTIFICATION_NAMES) {
      notifications[name] = async (args, ctx) => {
        await this.ready.catch(() => undefined);
        this.checkClient(ctx);
        this.send({ t: 'notify', name, args, ...clientOf(ctx) });
      };
    }
    this.notifications = notifications as unknown as NotificationHandlers;
  }

  /** Start the worker and core on it; rejects with core's own message when it cannot start. */
  static async start(options: CoreWorkerOptions): Promise<CoreWorker> {
    const core = CoreWorker.open(options);
    await core.started;
    return core;
  }

  /**
   * The same, at once: calls made before core is up wait for it (`started` says when), so a host
   * can open its window while core starts. The caller disposes it, started or not.
   */
  static open(options: CoreWorkerOptions): CoreWorker {
    const core = new CoreWorker(options);
    const { startAfter } = options;
    if (startAfter === undefined) {
      void core.launch();
      return core;
    }
    // Calls, notifications and windows that come meanwhile wait for the thread, as for its start.
    core.ready = startAfter
      .catch(() => undefined)
      .then(() => {
        // Closed before it began (a quit during start-up): no thread, and no start to report
        // failed, as for a start that a quit cut short.
        if (core.disposing) {
          throw new DeckhandError({ kind: 'internal', message: "Deckhand's core is closed" });
        }
        return core.launch();
      });
    core.ready.catch(() => undefined);
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
    // A window opened while core starts (Electron opens its window at once) paints at once: the
    // frame is read here, as core would serve it, instead of waiting for core's thread.
    const { cacheDir } = this.options.data;
    if (!this.hasStarted && cacheDir !== undefined) {
      return readEarlyFirstFrame({
        cacheDir,
        settings: this.options.settings,
        log: (m) => this.options.log('warn', m),
      }).catch(() => undefined);
    }
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
    const generation = ++this.generation;
    const data: CoreThreadData = {
      ...this.options.data,
      secretExtras: this.services.secretExtras(),
    };
    const launch: Launch = { generation, started: false, fail: () => undefined };
    let thread!: CoreThread;
    this.ready = new Promise<void>((resolve, reject) => {
      launch.fail = reject;
      const onMessage = (message: FromCore): void => {
        if (message.t === 'ready') {
          launch.started = true;
          this.hasStarted = true;
          resolve();
          this.startedNow();
        } else if (message.t === 'start-failed') {
          const err = new DeckhandError({ kind: 'internal', message: message.message });
          launch.coreFailed = true;
          reject(err);
          if (!this.hasStarted) this.startFailed(err);
        } else if (message.t === 'disposed') thread.end();
        else this.receive(message);
      };
      const on = { message: onMessage, end: (why: string) => this.lost(thread, launch, why) };
      const { sameThread } = this.options;
      thread =
        this.onSameThread && sameThread
          ? channelThread(data, on, sameThread)
          : workerThread(this.options.script, data, on, this.options.onThread);
    });
    this.worker = thread;
    // Until core has first started, the windows connected meanwhile (before a deferred start, or
    // to a thread that could not start) belong to this launch.
    if (!this.hasStarted) {
      for (const [clientId, client] of this.clients) {
        client.generation = generation;
        this.send({ t: 'connect', clientId });
      }
    }
    // A start that fails is reported through `started`; later waits see the loss instead.
    this.ready.catch(() => undefined);
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
        void this.services.serve(message.service, message.method, message.args).then(
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

  private lost(thread: CoreThread, launch: Launch, why: string): void {
    if (this.worker !== thread) return;
    this.worker = undefined;
    const reason = `Deckhand's core stopped unexpectedly (${why})`;
    if (this.disposing) {
      this.failWaiting(`${reason} while Deckhand was closing.`);
      launch.fail(new DeckhandError({ kind: 'internal', message: reason }));
      return;
    }
    // What comes next: core started again (a lost thread, within the limit), on this thread (a
    // thread that never started, where the host can run core here), or not at all.
    let next: 'again' | 'here' | 'down';
    if (launch.started) {
      const now = this.scheduler.now();
      this.losses = [...this.losses.filter((t) => now - t < 60_000), now];
      next = this.losses.length > RESTARTS_PER_MINUTE ? 'down' : 'again';
    } else {
      const canFallBack = !launch.coreFailed && !this.onSameThread && !this.hasStarted;
      next = canFallBack && this.options.sameThread ? 'here' : 'down';
    }
    // A call under way may have reached the cluster already: never suggest repeating a change blind.
    this.failWaiting(
      `${reason} while this was under way. ` +
        (next === 'down' ? 'Quit and start Deckhand again; ' : 'It is starting again; ') +
        "if this was a change, check the cluster's tasks before repeating it.",
    );
    if (!launch.started) {
      const err = new CoreThreadError(`The core thread could not start (${why})`);
      launch.fail(err);
      if (next === 'here') {
        this.options.log('warn', `${err.message}: core runs on this thread instead`);
        this.onSameThread = true;
        // Nothing had started: the windows connected meanwhile move to the core on this thread.
        void this.launch();
        return;
      }
      // It never started: starting again would only repeat it.
      this.down = `${reason}. Quit and start Deckhand again.`;
      if (!this.hasStarted) this.startFailed(err);
      return;
    }
    if (next === 'down') {
      this.down = `${reason} ${String(this.losses.length)} times in a minute. Quit and start Deckhand again.`;
      this.options.log('error', this.down);
      return;
    }
    this.options.log('error', `${reason}; starting it again`);
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
    const thread = this.worker;
    if (thread) {
      const timer = this.scheduler.setTimeout(() => thread.end(), DISPOSE_WAIT_MS);
      await this.ready.catch(() => undefined);
      this.send({ t: 'dispose' });
      await thread.ended;
      timer.dispose();
    }
    this.worker = undefined;
    this.failWaiting("Deckhand's core is closed");
    await this.services.closeDemos();
    this.events.dispose();
    this.restarted.dispose();
    this.clients.clear();
  }

  // ---- messages ----

  private async request(
    message: WithoutId<Extract<ToCore, { t: 'call' | 'first-frame' | 'heap' }>>,
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
      worker.post({ ...message, id } as ToCore);
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
    this.worker?.post(message);
  }
}
