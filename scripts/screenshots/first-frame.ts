// Screenshot scenes of the window's first frame (renderer/src/prepaint): a restart with the demo
// tree saved, shot with the app's bundle held back (the first frame alone), and the same restart
// once the app's own tree has replaced it (the two must line up: no layout jump).

import type { Page } from 'playwright-core';
import { demoTree, type Env, type Scene } from './scene';

const APP_BUNDLE = /\/assets\/index-[^/]*\.js$/;

/** The demo tree, its first frame saved by the window (a couple of seconds after it settles). */
async function saved(page: Page, env: Env): Promise<void> {
  await demoTree(page, env);
  const started = Date.now();
  while (env.core.firstFrame() === undefined) {
    if (Date.now() - started > 20_000) throw new Error('no first frame saved');
    await page.waitForTimeout(200);
  }
}

export const firstFrameScenes: Record<string, Scene> = {
  'first-frame': async (page, env) => {
    await saved(page, env);
    // The app's bundle never comes: what is on screen is the first frame alone.
    await page.route(APP_BUNDLE, () => undefined);
    await page.reload({ waitUntil: 'commit' });
    await page.locator('#first-frame [data-kind="guest"]').first().waitFor();
  },
  'first-frame-replaced': async (page, env) => {
    await saved(page, env);
    await page.reload();
    await page.getByRole('treeitem', { name: /^pve1, / }).waitFor({ timeout: 20_000 });
    await page.locator('#first-frame').waitFor({ state: 'detached' });
  },
};
