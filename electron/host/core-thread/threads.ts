// The two ways core-worker.ts reaches core: a worker thread (the app's way), or, where that
// cannot start, one end of a MessageChannel to core run on the calling thread. Both carry the
// same protocol (protocol.ts); the caller is told of each message and of the end.

import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { CoreThreadData, FromCore, ToCore } from './protocol';

/** A worker's script: a bundle's JavaScript, or a TypeScript source run with tsx's loader. */
export interface WorkerScript {
  url: URL;
  /**
   * An ES module whose `register()` installs a loader first (tsx's API, for a .ts script: a
   * worker's execArgv cannot carry `--import`).
   */
  loader?: URL;
}

/** A worker, or (the fallback) one end of a channel to core on this thread. */
export interface CoreThread {
  post(message: ToCore): void;
  end(): void;
  /** Resolves when it has ended, whatever the reason. */
  readonly ended: Promise<void>;
}

export interface ThreadEvents {
  message(message: FromCore): void;
  /** It ended or failed; `why` is for the log and the user. */
  end(why: string): void;
}

export function workerThread(
  script: WorkerScript,
  data: CoreThreadData,
  on: ThreadEvents,
  created?: (worker: Worker) => void,
): CoreThread {
  const name = 'deckhand-core';
  let worker: Worker;
  try {
    worker = script.loader
      ? new Worker(
          `import(${JSON.stringify(script.loader.href)})` +
            `.then((m) => { m.register(); return import(${JSON.stringify(script.url.href)}); });`,
          { eval: true, name, workerData: data },
        )
      : new Worker(script.url, { name, workerData: data });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    queueMicrotask(() => on.end(why));
    return { post: () => undefined, end: () => undefined, ended: Promise.resolve() };
  }
  created?.(worker);
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', on.message);
  worker.on('error', (err) => on.end(err.message));
  worker.on('exit', (code) => on.end(`exit code ${String(code)}`));
  return { post: (m) => worker.postMessage(m), end: () => void worker.terminate(), ended };
}

/** Core on this thread, over a channel: `serve` runs it on the far end (runCoreThread). */
export function channelThread(
  data: CoreThreadData,
  on: ThreadEvents,
  serve: (port: MessagePort, data: CoreThreadData) => void | Promise<void>,
): CoreThread {
  const { port1, port2 } = new MessageChannel();
  const ended = new Promise<void>((resolve) => port1.once('close', () => resolve()));
  let failed: string | undefined;
  port1.on('message', on.message);
  port1.on('close', () => on.end(failed ?? 'its channel closed'));
  // Core's code may load only now (a host imports it when it is needed): if it cannot, say why.
  void Promise.resolve()
    .then(() => serve(port2, data))
    .catch((err: unknown) => {
      failed = `core could not load on this thread: ${err instanceof Error ? err.message : String(err)}`;
      port1.close();
    });
  return { post: (m) => port1.postMessage(m), end: () => port1.close(), ended };
}

/**
 * The core thread's entry from this checkout's sources (tsx hosts, tests and benches); a bundle
 * names its own (electron.vite.config.ts builds it beside the main process's).
 */
export function sourceCoreThreadScript(): WorkerScript {
  const here = import.meta.url;
  if (!here.startsWith('file:') || !here.endsWith('.ts')) {
    throw new Error('The core thread runs from TypeScript sources only through tsx');
  }
  // The ES build of tsx's API (its CommonJS build cannot register from a worker).
  const api = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  return { url: new URL('./entry.ts', here), loader: pathToFileURL(api) };
}

/**
 * Whether core's thread should wait for the window's first paint before it starts (CoreWorker's
 * `startAfter`). Loading core takes a core of the CPU for about 0.4 s. With two cores, that is
 * taken from Chromium's first paint, and waiting gave the first frame 80–150 ms sooner. With more,
 * nothing is taken, and waiting would only make the app's own tree later (BENCHMARKS.md, issue 11
 * pass 5).
 */
export function coreWaitsForFirstPaint(cores: number = availableParallelism()): boolean {
  return cores <= 2;
}

/**
 * The thread itself could not start (its script would not load, say), as opposed to core failing
 * on it with a reason of its own: a host may run core in-process instead.
 */
export class CoreThreadError extends Error {
  override readonly name = 'CoreThreadError';
}
