// The context menu of tag and pool group rows: right-click (or the context-menu key) on a group in
// the Pools or Tags view offers the bulk actions on that group's guests, each with how many it
// acts on ("Start all (2)"), and runs them as one bulk job with a row per guest of the group.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT } from './harness';
import { apiGuests } from './pve';

const newStack = useStack();

type Guest = Awaited<ReturnType<typeof apiGuests>>[number] & { pool?: string; tags?: string };

describe('tag and pool group menus', () => {
  it("starts every stopped guest of a pool from its group row's menu", async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const lab = ((await apiGuests(demo)) as Guest[]).filter((g) => g.pool === 'lab');
    const stopped = lab.filter((g) => g.status === 'stopped' && !g.template);
    expect(stopped.length).toBeGreaterThan(0);

    await page.locator('label', { hasText: /^Pools$/ }).click();
    const group = tree.locator('[role="treeitem"][data-group="pools"]', {
      hasText: /^lab/,
    });
    await visible(group);
    await group.click({ button: 'right' });
    const menu = page.getByRole('menu', {
      name: `Pool lab: ${String(lab.filter((g) => !g.template).length)} guests`,
    });
    await visible(menu);
    const start = menu.getByRole('menuitem', { name: `Start all (${String(stopped.length)})` });
    await visible(start);
    expect(await start.getAttribute('aria-keyshortcuts')).toBe('S');
    await visible(menu.getByRole('menuitem', { name: /^Snapshot all \(\d+\)…$/ }));
    await visible(menu.getByRole('menuitem', { name: /^Back up all \(\d+\)…$/ }));
    await page.keyboard.press('s');

    const n = stopped.length;
    const view = page.getByRole('dialog', {
      name: `Start ${String(n)} guest${n === 1 ? '' : 's'}`,
    });
    await visible(view);
    const rows = view.getByRole('row');
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), {
        timeout: 60_000,
      })
      .toEqual(stopped.map(() => 'ok'));
    const keys = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? ''));
    expect(keys.map((k) => Number(k.split('/').at(-1))).sort()).toEqual(
      stopped.map((g) => g.vmid).sort(),
    );
    const after = await apiGuests(demo);
    for (const g of stopped) expect(after.find((a) => a.vmid === g.vmid)?.status).toBe('running');
    expect(stack.pageErrors).toEqual([]);
  });

  it("opens a tag group's menu from the keyboard, for that tag's guests", async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const dev = ((await apiGuests(demo)) as Guest[]).filter(
      (g) => !g.template && (g.tags ?? '').split(/[;, ]+/).includes('dev'),
    );
    expect(dev.length).toBeGreaterThan(0);
    await page.locator('label', { hasText: /^Tags$/ }).click();
    const group = tree.locator('[role="treeitem"][data-group="tags"]', { hasText: /^dev/ });
    await visible(group);
    await group.click();
    await page.keyboard.press('ContextMenu');
    const menu = page.getByRole('menu', { name: `Tag dev: ${String(dev.length)} guests` });
    await visible(menu);
    await visible(menu.getByRole('menuitem', { name: `Snapshot all (${String(dev.length)})…` }));
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count(), { timeout: UI_TIMEOUT }).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
