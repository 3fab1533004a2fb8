// Bulk actions on a whole node: its row's context menu offers "Shut down all (n)" (with its key
// letter), which runs one bulk job with a row per guest of that node; the job ends with one
// summary toast, not a toast per guest. The profile row's menu offers the same for the profile.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT } from './harness';
import { apiGuests } from './pve';

const newStack = useStack();

describe('bulk actions on a node or a profile', () => {
  it("shuts down all of a node's guests from its row's menu, a row per guest, one toast", async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const node = 'pve2';
    const onNode = (await apiGuests(demo)).filter((g) => g.node === node && !g.template);
    expect(onNode.filter((g) => g.status === 'running').length).toBeGreaterThan(1);

    await tree.getByRole('treeitem', { name: `${node}, online` }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: new RegExp(`^${node}: `) });
    await visible(menu);
    const item = menu.getByRole('menuitem', { name: /^Shut down all \(\d+\)$/ });
    await visible(item);
    const n = Number(/\((\d+)\)/.exec((await item.getAttribute('aria-label')) ?? '')?.[1]);
    expect(n).toBeGreaterThan(1);
    expect(await item.getAttribute('aria-keyshortcuts')).toBe('D');
    // The menu's key letter runs it.
    await page.keyboard.press('d');

    const view = page.getByRole('dialog', { name: `Shut down ${String(n)} guests` });
    await visible(view);
    const rows = view.getByRole('row');
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(n);
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), {
        timeout: 60_000,
      })
      .toEqual(Array.from({ length: n }, () => 'ok'));
    // Each row is a guest of that node, and each is now stopped.
    const keys = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? ''));
    const vmids = keys.map((k) => Number(k.split('/').at(-1)));
    const after = await apiGuests(demo);
    for (const vmid of vmids) {
      const g = after.find((a) => a.vmid === vmid);
      expect(g?.node).toBe(node);
      expect(g?.status).toBe('stopped');
    }

    // One summary toast for the job; none per guest.
    await visible(page.getByText(`Shut down ${String(n)} guests: ${String(n)} OK`));
    expect(await page.getByText(/^Shut down (CT|VM) \d+.*: OK$/).count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });

  it("offers the profile's bulk actions on its row, for every guest it has", async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const all = (await apiGuests(demo)).filter((g) => !g.template);
    const stopped = all.filter((g) => g.status === 'stopped');
    await tree.getByRole('treeitem', { name: 'Demo cluster' }).focus();
    await tree.getByRole('treeitem', { name: 'Demo cluster' }).click();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: /^Demo cluster: / });
    await visible(menu);
    await visible(menu.getByRole('menuitem', { name: /^Start all \(\d+\)$/ }));
    expect(stopped.length).toBeGreaterThan(0);
    // Stop asks first, listing every guest; Cancel has the focus.
    await menu.getByRole('menuitem', { name: /^Stop all/ }).click();
    const confirm = page.getByRole('dialog', { name: /^Stop \d+ guests\?$/ });
    await visible(confirm);
    await page.keyboard.press('Enter');
    await expect.poll(() => confirm.count(), { timeout: UI_TIMEOUT }).toBe(0);
    const stopPosts = [...demo.requestCounts().keys()].filter((k) => k.endsWith('/status/stop'));
    expect(stopPosts).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });
});
