// The profile row's context menu in the tree: move the profile up or down in the list and
// duplicate it, as the profile's settings dialog does; the tree follows at once.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT, type Stack } from './harness';

const newStack = useStack();

/** The profiles' branches, top to bottom. */
function profileOrder(s: Stack): Promise<string[]> {
  return s.page
    .getByRole('tree', { name: 'Resources' })
    .locator('[role="treeitem"][aria-level="1"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** Right-click a profile's row and return its menu. */
async function openMenu(s: Stack, name: string) {
  const tree = s.page.getByRole('tree', { name: 'Resources' });
  await tree.getByRole('treeitem', { name, exact: true }).click({ button: 'right' });
  const menu = s.page.getByRole('menu', { name: new RegExp(`^${name}: `) });
  await visible(menu);
  return menu;
}

describe("the profile row's menu", () => {
  it('moves a profile up and down and duplicates it', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    await openDemo(stack);
    await core.handlers['profiles.add']({
      name: 'Lab',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: {
        mode: 'password',
        username: 'root',
        realm: 'pam',
        password: demo.credentials.password,
      },
    });
    const poll = (v: string[]) =>
      expect.poll(() => profileOrder(stack), { timeout: UI_TIMEOUT }).toEqual(v);
    await poll(['Demo cluster', 'Lab']);
    // Both branches folded, so every profile's row is in view (the tree is virtualised).
    for (const name of ['Demo cluster', 'Lab']) {
      const row = page
        .getByRole('tree', { name: 'Resources' })
        .getByRole('treeitem', { name, exact: true });
      await row.click();
      await page.keyboard.press('ArrowLeft');
      await expect
        .poll(() => row.getAttribute('aria-expanded'), { timeout: UI_TIMEOUT })
        .toBe('false');
    }

    // The first profile cannot go up; the demo is not copied.
    let menu = await openMenu(stack, 'Demo cluster');
    expect(await menu.getByRole('menuitem', { name: 'Move up' }).isDisabled()).toBe(true);
    expect(await menu.getByRole('menuitem', { name: 'Duplicate' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    menu = await openMenu(stack, 'Lab');
    expect(await menu.getByRole('menuitem', { name: 'Move down' }).isDisabled()).toBe(true);
    await menu.getByRole('menuitem', { name: 'Move up' }).click();
    await poll(['Lab', 'Demo cluster']);
    expect((await core.handlers['profiles.list']()).map((p) => p.name)).toEqual([
      'Lab',
      'Demo cluster',
    ]);

    menu = await openMenu(stack, 'Lab');
    await menu.getByRole('menuitem', { name: 'Move down' }).click();
    await poll(['Demo cluster', 'Lab']);

    menu = await openMenu(stack, 'Lab');
    await menu.getByRole('menuitem', { name: 'Duplicate' }).click();
    await poll(['Demo cluster', 'Lab', 'Lab (copy)']);
    // The copy connects with the same credentials: its nodes show, live.
    const copy = page
      .getByRole('tree', { name: 'Resources' })
      .getByRole('treeitem', { name: 'Lab (copy)', exact: true });
    await expect
      .poll(
        async () => ['online', 'degraded'].includes((await copy.getAttribute('data-status')) ?? ''),
        {
          timeout: UI_TIMEOUT,
        },
      )
      .toBe(true);
    expect(stack.pageErrors).toEqual([]);
  });
});
