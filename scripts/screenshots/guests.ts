// Screenshot scenes of one guest and the workspace: detail, addresses, power states, the tree's
// tag and pool views and its address lookup, console tabs and collapsed panels.

import { demoTree, type Scene } from './scene';

export const guestScenes: Record<string, Scene> = {
  'guest-detail': async (page, env) => {
    await demoTree(page, env);
    await page
      .getByRole('treeitem', { name: /grafana/ })
      .first()
      .click();
    // The live line's rates need a few samples; the charts their rrddata.
    await page.getByTestId('live-line').waitFor();
    await page.waitForTimeout(3500);
  },
  'vm-detail': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: /web01/ }).first().click();
    await page.getByTestId('live-line').waitFor();
    await page.waitForTimeout(3500);
  },
  'paused-vm': async (page, env) => {
    await demoTree(page, env);
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
  'in-doubt-reboot': async (page, env) => {
    await demoTree(page, env);
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
  // A VM with the agent: its addresses, OS and host name in the detail's side column.
  'guest-addresses': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-os').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
  },
  // The reverse lookup: an address prefix in the tree filter, the matching address as a hint.
  'tree-find-ip': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('textbox', { name: 'Filter resources' }).fill('10.10.1.1');
    await page.waitForTimeout(1500);
  },
  // The tree's Tags and Pools views (features/tree/treeViews.ts), a guest opened from a tag.
  'tree-tags': async (page, env) => {
    await demoTree(page, env);
    await page.locator('label', { hasText: /^Tags$/ }).click();
    await page.locator('[role="treeitem"][aria-level="3"]').nth(1).click();
    await page.waitForTimeout(600);
  },
  'tree-pools': async (page, env) => {
    await demoTree(page, env);
    await page.locator('label', { hasText: /^Pools$/ }).click();
    await page.waitForTimeout(600);
  },
  // The workspace: more consoles than the tab bar holds (the active one in view, "N more" open).
  'workspace-tabs': async (page, env) => {
    await demoTree(page, env);
    for (const name of ['dns01', 'git', 'grafana', 'pihole', 'jellyfin', 'minio', 'proxy01']) {
      await page.getByRole('treeitem', { name: new RegExp(`^${name} \\(\\d+\\)$`) }).dblclick();
      await page.getByRole('tab', { name: new RegExp(`^${name}`), selected: true }).waitFor();
    }
    await page.getByRole('button', { name: /more tabs: list all$/ }).click();
    await page.waitForTimeout(1000);
  },
  // The workspace with the log panel and the tasks strip collapsed (by their keys).
  'workspace-collapsed': async (page, env) => {
    await guestScenes['guest-detail']!(page, env);
    if (await page.getByRole('button', { name: 'Log panel', pressed: true }).count())
      await page.keyboard.press('Control+Shift+L');
    await page.keyboard.press('Control+Shift+K');
    await page.getByRole('button', { name: 'Tasks strip' }).hover();
    await page.waitForTimeout(800);
  },
};
