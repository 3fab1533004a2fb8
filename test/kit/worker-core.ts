// A core on its own worker thread, as both hosts run it (electron/host/core-thread): the stores
// and the demos stay on the test's thread, as a host's settings and keychain do, and answer the
// worker from there. End-to-end tests and the scale bench use it; tests of core's own behaviour
// use the in-process core of core.ts, whose timers they can drive. The thread runs core's sources
// (through tsx), or the app's own build of it (`builtCoreThreadScript`, as end-to-end tests do).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  MemorySecretStore,
  MemorySettingsStore,
  DEMO_PROFILE_NAME,
  type DemoSpec,
  type Logger,
  type SecretStore,
} from '../../electron/core';
import type { Worker } from 'node:worker_threads';
import type { DemoCluster } from '../../electron/demo';
import {
  CoreWorker,
  sourceCoreThreadScript,
  type CoreWorkerOptions,
  type WorkerScript,
} from '../../electron/host/core-thread/core-worker';
import type { CoreTimings } from '../../electron/host/core-thread/protocol';
import { TEST_TIMINGS } from './core';

const BUILT_CORE_THREAD = path.resolve(import.meta.dirname, '../../out/main/core-thread.js');

/**
 * Core's thread as the app ships it: electron-vite's out/main/core-thread.js, its bundled packages
 * included (electron.vite.config.ts), which Electron loads. Built by `npm run build`.
 */
export function builtCoreThreadScript(): WorkerScript {
  if (!existsSync(BUILT_CORE_THREAD))
    throw new Error(`${BUILT_CORE_THREAD} is not built: run \`npm run build\` first`);
  return { url: pathToFileURL(BUILT_CORE_THREAD) };
}

export interface WorkerTestCoreOptions {
  /** The thread's script (default: core's sources, through tsx). */
  script?: WorkerScript;
  settings?: MemorySettingsStore;
  /** The secret store on this thread (default: in memory). */
  secrets?: SecretStore;
  /** The cluster behind the Demo profile, started (or given) on this thread. */
  demo?: DemoCluster | (() => Promise<DemoCluster>);
  /** The demos instead, each started on this thread. */
  demos?: readonly DemoSpec[];
  /** Each profile's last known state is kept here (a FileCacheStore on the worker). */
  cacheDir?: string;
  /** Over TEST_TIMINGS, or over the app's own with `appTimings`. */
  timings?: CoreTimings;
  appTimings?: boolean;
  log?: Logger;
  /** Each core thread started (a test ends one, as a crash would). */
  onThread?(worker: Worker): void;
}

export async function createWorkerTestCore(options: WorkerTestCoreOptions = {}): Promise<{
  core: CoreWorker;
  settings: MemorySettingsStore;
}> {
  const { settings, coreOptions } = workerCoreOptions(options);
  return { core: await CoreWorker.start(coreOptions), settings };
}

/** The same core, returned at once while it starts (as Electron opens its window meanwhile). */
export function openWorkerTestCore(options: WorkerTestCoreOptions = {}): {
  core: CoreWorker;
  settings: MemorySettingsStore;
} {
  const { settings, coreOptions } = workerCoreOptions(options);
  return { core: CoreWorker.open(coreOptions), settings };
}

function workerCoreOptions(options: WorkerTestCoreOptions): {
  settings: MemorySettingsStore;
  coreOptions: CoreWorkerOptions;
} {
  const settings = options.settings ?? new MemorySettingsStore();
  const { demo } = options;
  const demos =
    options.demos ??
    (demo === undefined
      ? []
      : [
          {
            id: 'cluster',
            name: DEMO_PROFILE_NAME,
            start: typeof demo === 'function' ? demo : async () => demo,
          },
        ]);
  const coreOptions: CoreWorkerOptions = {
    script: options.script ?? sourceCoreThreadScript(),
    settings,
    secrets: options.secrets ?? new MemorySecretStore(),
    demos,
    log: options.log ?? (() => undefined),
    ...(options.onThread ? { onThread: options.onThread } : {}),
    data: {
      host: 'browser',
      appVersion: '0.0.0-test',
      demos: demos.map(({ id, name, description }) => ({
        id,
        name,
        ...(description !== undefined ? { description } : {}),
      })),
      timings: { ...(options.appTimings ? {} : TEST_TIMINGS), ...options.timings },
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    },
  };
  return { settings, coreOptions };
}
