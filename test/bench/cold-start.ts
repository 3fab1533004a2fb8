// Cold start with cached profiles: N saved profiles whose clusters are away (the VPN is down) and
// whose last state is in the profile cache (M guests in all). It measures core's start (settings,
// caches read, sessions started), the page's load to the cached tree painted in Chromium (its
// stale profile rows aged, guest rows on screen), and the two together. Called by the scale bench
// (scale.ts) and alone: `npm run bench -- --only cold-start [--profiles N --guests N]`.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createCore,
  FileCacheStore,
  JsonFileSettingsStore,
  MemorySecretStore,
  passwordKey,
} from '../../electron/core';
import { itemsText, toCacheText } from '../../electron/core/cache/cached-state';
import { startBrowserHost } from '../../electron/serve/host';
import type { ProfileInfo, Resource } from '../../shared/model';
import { launchChromium } from '../kit/chromium';
import type { Row } from './report';
import { summarize } from './stats';

const STATIC_DIR = path.resolve(import.meta.dirname, '../../out/renderer');

export interface ColdStartOptions {
  profiles: number;
  /** Guests per profile (500: 10 000 over 20 profiles), as the scale bench counts them. */
  guests: number;
  runs?: number;
}

/** A port nobody listens on: every connection is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function clusterItems(p: number, guests: number): Resource[] {
  const items: Resource[] = [];
  for (let n = 1; n <= 3; n++) {
    items.push({ id: `node/pve${n}`, type: 'node', node: `pve${n}`, status: 'online', maxcpu: 32 });
  }
  for (let i = 0; i < guests; i++) {
    const vmid = 100 + i;
    const type = i % 3 === 0 ? 'lxc' : 'qemu';
    items.push({
      id: `${type}/${vmid}`,
      type,
      vmid,
      node: `pve${(i % 3) + 1}`,
      name: `c${p}-guest-${vmid}`,
      status: i % 4 === 0 ? 'stopped' : 'running',
      template: false,
      tags: i % 5 === 0 ? ['web'] : [],
      maxmem: 4 * 1024 ** 3,
    });
  }
  return items;
}

/** A data directory with the profiles saved and their last state cached; removed by the caller. */
async function prepare(opts: ColdStartOptions): Promise<{ dir: string; profiles: ProfileInfo[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deckhand-cold-'));
  const port = await closedPort();
  const profiles: ProfileInfo[] = Array.from({ length: opts.profiles }, (_, p) => ({
    id: `bench-${String(p).padStart(3, '0')}`,
    name: `Cluster ${p + 1}`,
    url: `https://127.0.0.1:${port}`,
    authMode: 'password',
    username: 'root',
    realm: 'pam',
    isDemo: false,
  }));
  await new JsonFileSettingsStore(path.join(dir, 'settings.json')).saveProfiles(profiles);
  const cache = new FileCacheStore(path.join(dir, 'cache'));
  const savedAt = Date.now() - 3 * 60_000;
  for (const [p, profile] of profiles.entries()) {
    const items = itemsText(clusterItems(p, opts.guests)).text;
    await cache.write(profile.id, toCacheText(profile.id, { savedAt, version: '9.1.2' }, items));
  }
  return { dir, profiles };
}

export async function benchColdStart(opts: ColdStartOptions): Promise<Row[]> {
  const runs = opts.runs ?? 5;
  const { dir, profiles } = await prepare(opts);
  const browser = await launchChromium();
  const core: number[] = [];
  const paint: number[] = [];
  const total: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const secrets = new MemorySecretStore();
      for (const p of profiles) await secrets.set(passwordKey(p.id), 'not-used');
      const t0 = performance.now();
      const c = await createCore({
        settings: new JsonFileSettingsStore(path.join(dir, 'settings.json')),
        secrets,
        cache: new FileCacheStore(path.join(dir, 'cache')),
        host: 'browser',
        appVersion: '0.0.0-bench',
      });
      const t1 = performance.now();
      const host = await startBrowserHost({ core: c, staticDir: STATIC_DIR });
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      try {
        const page = await context.newPage();
        const t2 = performance.now();
        await page.goto(host.url);
        // Painted: the first profile's row says how old its state is, and guest rows are shown.
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid="profile-row-age"]') !== null &&
            document.querySelector('[role="treeitem"][data-guest-id][data-stale]') !== null,
          undefined,
          { timeout: 60_000, polling: 'raf' },
        );
        const t3 = performance.now();
        core.push(t1 - t0);
        paint.push(t3 - t2);
        total.push(t3 - t0);
      } finally {
        await context.close();
        await host.close();
        await c.dispose();
      }
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  const section = `cold start: ${opts.profiles} cached profiles × ${opts.guests} guests (clusters away)`;
  return [
    { section, label: 'core start (settings, caches read)', unit: 'ms', summary: summarize(core) },
    {
      section,
      label: 'window opens → cached tree painted',
      unit: 'ms',
      summary: summarize(paint),
    },
    { section, label: 'start → cached tree painted', unit: 'ms', summary: summarize(total) },
  ];
}
