// The one way tests and benches make a core: in-memory stores, the browser host's identity, timings
// short enough for tests, and (optionally) the demo cluster behind the Demo profile.

import {
  createCore,
  MemorySecretStore,
  MemorySettingsStore,
  type Core,
  type CoreDeps,
  type SecretStore,
} from '../../electron/core';
import type { DemoCluster } from '../../electron/demo';

/** Session timings for tests: a refresh tick and task polls quick enough to wait on. */
export const TEST_TIMINGS = { refreshIntervalMs: 250, taskPollMs: 50 } as const;

export interface TestCoreOptions extends Omit<
  Partial<CoreDeps>,
  'settings' | 'secrets' | 'startDemo'
> {
  settings?: MemorySettingsStore;
  secrets?: MemorySecretStore;
  /** Another secret store instead (a file-backed one, for tests of persistence). */
  secretStore?: SecretStore;
  /**
   * The cluster behind the Demo profile: one already running (the caller closes it; it outlives
   * the core), or how to start one on demand. None: the core offers no demo.
   */
  demo?: DemoCluster | (() => Promise<DemoCluster>);
  /** 'app': the app's own refresh and poll periods (benches that measure them), not TEST_TIMINGS. */
  timings?: 'test' | 'app';
}

export interface TestCore {
  core: Core;
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
}

/** A core on memory stores; the caller disposes `core`. */
export async function createTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const {
    settings = new MemorySettingsStore(),
    secrets = new MemorySecretStore(),
    secretStore,
    demo,
    timings = 'test',
    ...deps
  } = options;
  const startDemo =
    demo === undefined ? undefined : typeof demo === 'function' ? demo : async () => demo;
  const core = await createCore({
    host: 'browser',
    appVersion: '0.0.0-test',
    ...(timings === 'test' ? TEST_TIMINGS : {}),
    ...deps,
    settings,
    secrets: secretStore ?? secrets,
    ...(startDemo ? { startDemo } : {}),
  });
  return { core, settings, secrets };
}
