// Screenshot scenes of the first run: the welcome screen, the demo tree, adding a profile and the
// ways it is refused, the tree filter, a browser host that restarted.

import { demoTree, type Scene } from './scene';

export const startScenes: Record<string, Scene> = {
  welcome: async () => undefined,
  'demo-tree': demoTree,
  'add-profile': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('button', { name: /add/i }).first().click();
    await page.waitForTimeout(300);
  },
  'add-profile-refused-url': async (page, env) => {
    await startScenes['add-profile']!(page, env);
    const url = page.getByLabel(/^URL/);
    await url.fill('https://root:secret@pve.example.com');
    await url.blur();
    await page.waitForTimeout(300);
  },
  'wrong-password': async (page, env) => {
    await startScenes['add-profile']!(page, env);
    await page.getByLabel(/^URL/).fill(env.demo.url);
    await page.getByRole('dialog').locator('input[type="password"]').fill('wrong');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForTimeout(2500);
  },
  'host-restarted': async (page, env) => {
    await page.goto(env.url.replace(/token=[^&]+/, 'token=stale'));
    await page.waitForTimeout(1500);
  },
  filter: async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('textbox', { name: /filter/i }).fill('pve1');
    await page.waitForTimeout(300);
  },
};
