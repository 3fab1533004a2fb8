// `npm run screenshots`: the demo cluster in Debian's Chromium, light and dark, at 1440×900 and
// 1024×640, written to test-results/screens/ to be looked at before a UI change is called done.
// Each shot is a named scene (what the user would be doing); add scenes as screens are added.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoCluster, type DemoCluster } from '../electron/demo';
import { startBrowserHost } from '../electron/serve/host';
import { launchChromium } from '../test/kit/chromium';
import { createTestCore } from '../test/kit/core';

const OUT = resolve(import.meta.dirname, '../test-results/screens');
const STATIC_DIR = resolve(import.meta.dirname, '../out/renderer');
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 640 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

interface Env {
  demo: DemoCluster;
  url: string;
}
type Scene = (page: Page, env: Env) => Promise<void>;

const scenes: Record<string, Scene> = {
  welcome: async () => undefined,
  'demo-tree': async (page) => {
    await page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
    await page.getByRole('treeitem', { name: 'pve1, online' }).waitFor({ timeout: 20_000 });
  },
  'guest-detail': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page
      .getByRole('treeitem', { name: /grafana/ })
      .first()
      .click();
    await page.waitForTimeout(500);
  },
  'add-profile': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('button', { name: /add/i }).first().click();
    await page.waitForTimeout(300);
  },
  filter: async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('textbox', { name: /filter/i }).fill('pve1');
    await page.waitForTimeout(300);
  },
  'add-profile-refused-url': async (page, env) => {
    await scenes['add-profile']!(page, env);
    const url = page.getByLabel(/^URL/);
    await url.fill('https://root:secret@pve.example.com');
    await url.blur();
    await page.waitForTimeout(300);
  },
  'task-log': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page
      .getByText(/^Back up/)
      .first()
      .click();
    await page.waitForTimeout(500);
  },
  'paused-vm': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: /web01/ }).first().click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: /Suspend|Pause/ })
      .click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Resume' })
      .waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500);
  },
  'host-restarted': async (page, env) => {
    await page.goto(env.url.replace(/token=[^&]+/, 'token=stale'));
    await page.waitForTimeout(1500);
  },
  'in-doubt-reboot': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    env.demo.addFault({ kind: 'drop', method: 'POST', path: /status\/reboot$/ });
    await page
      .getByRole('treeitem', { name: /grafana/ })
      .first()
      .click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Reboot' })
      .click();
    await page.waitForTimeout(2500);
  },
  'wrong-password': async (page, env) => {
    await scenes['add-profile']!(page, env);
    await page.getByLabel(/^URL/).fill(env.demo.url);
    await page.getByRole('dialog').locator('input[type="password"]').fill('wrong');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForTimeout(2500);
  },
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
          const { core } = await createTestCore({ demo, refreshIntervalMs: 1000 });
          const host = await startBrowserHost({ core, staticDir: STATIC_DIR });
          const context = await browser.newContext({ viewport, colorScheme });
          try {
            const page = await context.newPage();
            await page.goto(host.url);
            await scene(page, { demo, url: host.url });
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
