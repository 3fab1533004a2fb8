// What a screenshot scene is (scripts/screenshots.ts runs them): a function that brings a fresh
// stack's page to the screen to be shot. `demoTree` opens the demo cluster, where most scenes start.

import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core';
import type { DemoCluster } from '../../electron/demo';

export interface Env {
  demo: DemoCluster;
  /** The stack's core (its cache is in memory: a reload paints the window's first frame). */
  core: Core;
  url: string;
}

export type Scene = (page: Page, env: Env) => Promise<void>;

export const demoTree: Scene = async (page) => {
  await page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
  await page.getByRole('treeitem', { name: 'pve1, online' }).waitFor({ timeout: 20_000 });
};
