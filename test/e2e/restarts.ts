// For end-to-end tests that restart Deckhand: one demo cluster and one cache directory kept across
// runs, and `run` for one run of Deckhand on the same stores (a core, the browser host, a page).
// Everything a test started is closed after it, the cluster and the directory last.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FileCacheStore, MemorySecretStore, MemorySettingsStore } from '../../electron/core';
import type { CoreWorker } from '../../electron/host/core-thread/core-worker';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '../../electron/demo';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import { launchChromium } from '../kit/chromium';
import { builtCoreThreadScript, createWorkerTestCore } from '../kit/worker-core';

const STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer');

export interface Stores {
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
}

export interface Run {
  core: CoreWorker;
  host: BrowserHost;
  page: Page;
  stop(): Promise<void>;
}

export function useRestarts(prefix: string): {
  /** The cluster, the cache files and the stores the runs share. */
  begin(opts: DemoClusterOptions): Promise<{
    demo: DemoCluster;
    cacheFile(profileId: string): string;
    stores: Stores;
  }>;
  /** `beforeGoto`: what to set up on the page before it loads (routes, say). */
  run(stores: Stores, beforeGoto?: (page: Page) => Promise<void>): Promise<Run>;
} {
  let browser: Browser;
  let demo: DemoCluster | undefined;
  let dir: string | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
    await demo?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    demo = dir = undefined;
  });

  return {
    async begin(opts) {
      if (!existsSync(join(STATIC_DIR, 'index.html')))
        throw new Error('The renderer is not built: run `npm run build` first');
      demo = await startDemoCluster(opts);
      dir = await mkdtemp(join(tmpdir(), prefix));
      const cache = new FileCacheStore(join(dir, 'cache'));
      return {
        demo,
        cacheFile: (profileId) => cache.fileOf(profileId),
        stores: { settings: new MemorySettingsStore(), secrets: new MemorySecretStore() },
      };
    },
    async run(stores, beforeGoto) {
      const { core } = await createWorkerTestCore({
        script: builtCoreThreadScript(),
        ...stores,
        // The same cluster across runs: a core's end must not close it.
        demo: new Proxy(demo!, {
          get: (target, key) =>
            key === 'close' ? async () => undefined : Reflect.get(target, key),
        }),
        cacheDir: join(dir!, 'cache'),
        timings: { cacheDelayMs: 100, refreshIntervalMs: 1000, clusterTasksIntervalMs: 0 },
      });
      const host = await startBrowserHost({ core, staticDir: STATIC_DIR });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        await context.close();
        await host.close();
        await core.dispose();
      };
      cleanups.push(stop);
      await beforeGoto?.(page);
      // With a page set up to hold something back, its load event may wait: the response is enough.
      await page.goto(host.url, beforeGoto ? { waitUntil: 'commit' } : undefined);
      return { core, host, page, stop };
    },
  };
}
