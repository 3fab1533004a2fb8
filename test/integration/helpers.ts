// Shared by the integration tests: waiting on conditions, expected failures, and cores (with
// in-memory stores) against demo clusters that are torn down after each test.

import { afterEach, vi } from 'vitest';
import type { Core } from '../../electron/core';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/store/memory';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '../../electron/demo';
import { DeckhandError } from '../../shared/errors';
import type { EventName, IpcEvents } from '../../shared/ipc';
import { createTestCore } from '../kit/core';

/** A demo cluster quick enough for tests: fast tasks, and no stats churn to wait through. */
export const DEMO_OPTIONS = { taskTimeScale: 0.05, statsIntervalMs: 3_600_000 };

/**
 * Wait (vitest's `vi.waitFor`) until `probe` returns (or resolves to) something other than
 * undefined or false. A probe that throws (or rejects) fails at once, as an assertion would.
 * The default limit is generous (20 s) so a loaded machine does not fail a test that would pass;
 * a passing test waits only as long as its condition takes.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const outcome = await vi.waitFor(
    async (): Promise<{ value: T } | { failed: unknown }> => {
      let value: T | undefined | false;
      try {
        value = await probe();
      } catch (failed) {
        return { failed };
      }
      if (value === undefined || value === false) throw new Error(`timed out waiting for ${what}`);
      return { value };
    },
    { timeout: ms, interval: 20 },
  );
  if ('failed' in outcome) throw outcome.failed;
  return outcome.value;
}

/** The DeckhandError a promise rejects with; anything else fails the test. */
export async function failure(p: Promise<unknown>): Promise<DeckhandError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DeckhandError) return err;
    throw err;
  }
  throw new Error('expected a DeckhandError');
}

/** A core with its stores and every event it emitted, in order. */
export interface RecordedCore {
  core: Core;
  events: { [E in EventName]: IpcEvents[E][] };
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
}

/**
 * Call at the top of a test file. `start()` makes a core whose demo (started on demand) is a fresh
 * cluster; `startDemo()` starts one directly. After each test every core is disposed and every
 * demo closed; a test that disposes them itself empties `cores` and `demos`.
 */
export function useCores() {
  const demos: DemoCluster[] = [];
  const cores: Core[] = [];

  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.dispose()));
    await Promise.all(demos.splice(0).map((d) => d.close()));
  });

  async function startDemo(extra: DemoClusterOptions = {}): Promise<DemoCluster> {
    const d = await startDemoCluster({ ...DEMO_OPTIONS, ...extra });
    demos.push(d);
    return d;
  }

  async function start(
    stores: { settings?: MemorySettingsStore; secrets?: MemorySecretStore } = {},
    /** the built-in demo's options beyond DEMO_OPTIONS (an older `version`, say) */
    demo: DemoClusterOptions = {},
  ): Promise<RecordedCore> {
    const { core, settings, secrets } = await createTestCore({
      ...stores,
      demo: () => startDemo(demo),
    });
    cores.push(core);
    const events: RecordedCore['events'] = {
      connection: [],
      resources: [],
      task: [],
      profiles: [],
      addresses: [],
      console: [],
      logStream: [],
      logLines: [],
      stats: [],
      bulk: [],
      metrics: [],
    };
    core.on('connection', (e) => events.connection.push(e));
    core.on('resources', (e) => events.resources.push(e));
    core.on('task', (e) => events.task.push(e));
    core.on('profiles', (e) => events.profiles.push(e));
    core.on('addresses', (e) => events.addresses.push(e));
    return { core, events, settings, secrets };
  }

  return { start, startDemo, demos, cores };
}
