// `npm run screenshots`: the demo cluster in Debian's Chromium, light and dark, at 1440×900 and
// 1024×640, written to test-results/screens/ to be looked at before a UI change is called done.
// Each shot is a named scene (what the user would be doing), kept by screen in scripts/screenshots/;
// `npx tsx scripts/screenshots.ts <scene>…` shoots only those.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MemoryCacheStore } from '../electron/core';
import { startDemoCluster } from '../electron/demo';
import { startBrowserHost } from '../electron/serve/host';
import { launchChromium } from '../test/kit/chromium';
import { createTestCore } from '../test/kit/core';
import { dataScenes } from './screenshots/data';
import { guestScenes } from './screenshots/guests';
import { lifecycleScenes } from './screenshots/lifecycle';
import { menuScenes } from './screenshots/menus';
import type { Scene } from './screenshots/scene';
import { startScenes } from './screenshots/start';
import { firstFrameScenes } from './screenshots/first-frame';

const OUT = resolve(import.meta.dirname, '../test-results/screens');
const STATIC_DIR = resolve(import.meta.dirname, '../out/renderer');
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 640 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

// In the order they are shot; add a scene to the group of its screen (scripts/screenshots/).
const scenes: Record<string, Scene> = {
  ...startScenes,
  ...guestScenes,
  ...dataScenes,
  ...lifecycleScenes,
  ...menuScenes,
  ...firstFrameScenes,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  await mkdir(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [name, scene] of Object.entries(scenes)) {
      if (only.length > 0 && !only.includes(name)) continue;
      for (const colorScheme of SCHEMES) {
        for (const viewport of SIZES) {
          // A fresh stack per shot: every scene starts from a new user's first run.
          const demo = await startDemoCluster({ taskTimeScale: 0.1 });
          const { core } = await createTestCore({
            demo,
            refreshIntervalMs: 1000,
            cache: new MemoryCacheStore(),
          });
          const host = await startBrowserHost({ core, staticDir: STATIC_DIR });
          const context = await browser.newContext({ viewport, colorScheme });
          try {
            const page = await context.newPage();
            await page.goto(host.url);
            await scene(page, { demo, core, url: host.url });
            const file = `${OUT}/${name}-${colorScheme}-${String(viewport.width)}.png`;
            await page.screenshot({ path: file });
            console.log(file);
          } finally {
            await context.close();
            await host.close();
            await core.dispose();
            await demo.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
