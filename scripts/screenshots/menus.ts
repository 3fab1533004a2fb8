// Scenes of the tree's menus and the selection bar: a pool group's bulk menu, the profile row's
// menu (bulk actions, move, duplicate), three marked guests with the bar and its More menu, and
// a guest's Markdown notes in Options.

import { demoTree, type Scene } from './scene';

export const menuScenes: Record<string, Scene> = {
  'group-menu': async (page, env) => {
    await demoTree(page, env);
    await page.locator('label', { hasText: /^Pools$/ }).click();
    const group = page.locator('[role="treeitem"][data-group="pools"]', { hasText: /^lab/ });
    await group.click({ button: 'right' });
    await page.getByRole('menu', { name: /^Pool lab/ }).waitFor();
    await page.waitForTimeout(300);
  },
  'profile-menu': async (page, env) => {
    await demoTree(page, env);
    await page
      .getByRole('treeitem', { name: 'Demo cluster', exact: true })
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Move down' }).waitFor();
    await page.waitForTimeout(300);
  },
  'selection-bar': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByRole('treeitem', { name: 'vpn (116)' }).click({ modifiers: ['Control'] });
    await page.getByRole('treeitem', { name: 'ha-proxy (125)' }).click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: /^More actions/ }).click();
    await page.waitForTimeout(300);
  },
  'notes-markdown': async (page, env) => {
    env.demo.editConfig(101, {
      description:
        '# proxy01\n\nReverse proxy for **web01** and *nextcloud*. See [the runbook](https://wiki.example.com/proxy).\n\n| port | service |\n| --- | --- |\n| 443 | nginx |\n| 8443 | admin |\n\n- [x] certbot renew\n- [ ] move to pve2\n\n~~old haproxy~~',
    });
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByRole('tab', { name: 'Options' }).click();
    await page.getByRole('table').first().waitFor();
    await page.waitForTimeout(300);
  },
};
