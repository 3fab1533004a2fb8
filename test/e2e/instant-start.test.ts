// Instant start: Deckhand restarted shows the tree it last saw at once, dimmed, its profile row
// saying how old it is ("last seen …"), until the live state arrives; then the rows are live.

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
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import { launchChromium } from '../kit/chromium';
import { createTestCore } from '../kit/core';
import { hidden, text, visible } from './harness';

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
}): Promise<{ core: Core; host: BrowserHost; page: Page; stop(): Promise<void> }> {
  const cluster = demo!;
  const { core } = await createTestCore({
    ...stores,
    // The same cluster across runs: a core's end must not close it.
    demo: new Proxy(cluster, {
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
  return { core, host, page, stop };
}

it('restarted, it shows the last tree at once (stale, with its age), then live', async () => {
  if (!existsSync(join(STATIC_DIR, 'index.html'))) throw new Error('run npm run build:renderer');
  demo = await startDemoCluster({ taskTimeScale: 0.1 });
  dir = await mkdtemp(join(tmpdir(), 'deckhand-e2e-cache-'));
  const stores = { settings: new MemorySettingsStore(), secrets: new MemorySecretStore() };

  // First run: the demo profile, live.
  const first = await run(stores);
  await first.page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
  const tree1 = first.page.getByRole('tree', { name: 'Resources' });
  await visible(tree1.getByRole('treeitem', { name: 'pve1, online' }));
  const guestName = await tree1.locator('[data-guest-id]').first().getAttribute('aria-label');
  expect(guestName).toBeTruthy();
  expect(await tree1.locator('[data-stale]').count()).toBe(0);
  const profileId = (await first.core.handlers['profiles.list']())[0]!.id;
  const file = new FileCacheStore(join(dir, 'cache')).fileOf(profileId);
  await expect.poll(() => existsSync(file), { timeout: 10_000 }).toBe(true);
  await first.stop();

  // Restart, with the cluster slow to answer its first listing (12 s, under the client's 15 s
  // timeout): the live state comes late, and the last one must be on screen long before.
  demo.addFault({ kind: 'slow', delayMs: 12_000, path: /\/cluster\/resources$/, times: 1 });
  const second = await run(stores);
  const tree = second.page.getByRole('tree', { name: 'Resources' });
  const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
  const age = profileRow.getByTestId('profile-row-age');
  const guest = tree.getByRole('treeitem', { name: guestName! });
  // At once: the last tree, dimmed, and how old it is.
  await visible(guest, 8_000);
  await text(age, 2_000).toMatch(/^last seen (just now|\d+ s ago)$/);
  expect(await guest.getAttribute('data-stale')).toBe('true');
  expect(await guest.getAttribute('title')).toBe('Last known state: not live yet, connecting');
  expect(await tree.getByRole('treeitem', { name: /^pve1, / }).getAttribute('data-stale')).toBe(
    'true',
  );

  // Then live: no age, nothing dimmed.
  await hidden(age, 30_000);
  await expect.poll(() => guest.getAttribute('data-stale'), { timeout: 10_000 }).toBeNull();
  expect(await tree.locator('[data-stale]').count()).toBe(0);
});
