// Failover from the start, seen from the UI: Deckhand restarts while the profile's own server
// (pve1) is down; from the last run's node addresses (the profile cache) and pins (settings) it
// goes live through pve2, the banner says which node it talks to and why, and "Reconnect to pve1"
// moves it back once pve1 is up.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  FileCacheStore,
  MemorySecretStore,
  MemorySettingsStore,
  type Core,
} from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { startBrowserHost } from '../../electron/serve/host';
import { launchChromium } from '../kit/chromium';
import { createTestCore } from '../kit/core';
import { attribute, hidden, text, visible, UI_TIMEOUT } from './harness';

const STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer');

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

/** One run of Deckhand: a core on the shared stores and cache directory, a host, a page. */
async function run(stores: {
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
}): Promise<{ core: Core; page: Page; stop(): Promise<void> }> {
  const { core } = await createTestCore({
    ...stores,
    // The same cluster across runs: a core's end must not close it.
    demo: new Proxy(demo!, {
      get: (target, key) => (key === 'close' ? async () => undefined : Reflect.get(target, key)),
    }),
    cache: new FileCacheStore(join(dir!, 'cache')),
    cacheDelayMs: 100,
    refreshIntervalMs: 1000,
    clusterTasksIntervalMs: 0,
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
  await page.goto(host.url);
  return { core, page, stop };
}

it('starts through pve2 while pve1 is down, says so, and moves back when asked', async () => {
  if (!existsSync(join(STATIC_DIR, 'index.html'))) throw new Error('run npm run build:renderer');
  demo = await startDemoCluster({ taskTimeScale: 0.1, directNodes: true, offlineNodes: 0 });
  dir = await mkdtemp(join(tmpdir(), 'deckhand-e2e-failover-'));
  const stores = { settings: new MemorySettingsStore(), secrets: new MemorySecretStore() };

  // An earlier run: the demo profile live, every node pinned, its state cached.
  const first = await run(stores);
  await first.page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
  await visible(
    first.page.getByRole('tree', { name: 'Resources' }).getByRole('treeitem', {
      name: 'pve1, online',
    }),
  );
  const profileId = (await first.core.handlers['profiles.list']())[0]!.id;
  await expect
    .poll(
      async () =>
        Object.keys((await first.core.handlers['profiles.list']())[0]?.nodeFingerprints ?? {})
          .length,
      { timeout: UI_TIMEOUT },
    )
    .toBe(3);
  const file = new FileCacheStore(join(dir, 'cache')).fileOf(profileId);
  await expect.poll(() => existsSync(file), { timeout: UI_TIMEOUT }).toBe(true);
  await first.stop();

  // pve1 goes down before Deckhand starts again.
  await demo.setNodeOnline('pve1', false);
  const { page } = await run(stores);
  const tree = page.getByRole('tree', { name: 'Resources' });
  const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
  const banner = page.getByTestId('profile-banner');
  await text(banner, 30_000).toContain(
    'Demo cluster is degraded: pve1 is not answering; connected through pve2; Node pve1 is offline',
  );
  await attribute(profileRow, 'data-status').toBe('degraded');
  // Live through pve2: its guests are there and nothing is dimmed.
  await visible(tree.getByRole('treeitem', { name: 'pve2, online' }));
  await expect.poll(() => tree.locator('[data-stale]').count(), { timeout: UI_TIMEOUT }).toBe(0);

  await demo.setNodeOnline('pve1', true);
  await banner.getByRole('button', { name: 'Reconnect to pve1' }).click();
  await attribute(profileRow, 'data-status').toBe('online');
  await hidden(banner);
});
