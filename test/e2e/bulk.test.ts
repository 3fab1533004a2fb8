// Selecting many guests and acting on them together: three running containers marked with a click
// and a Shift-click, shut down in one bulk action, each row of the progress view showing its
// result; the shutdown reaches the cluster once (one cluster bulk action). Escape clears the selection.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT, guestRowsInOrder } from './harness';
import { apiGuests } from './pve';

const newStack = useStack();

describe('bulk actions on a multi-selection', () => {
  it('marks three containers with Shift-click and shuts them down together', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await page.keyboard.press('/');
    await page.keyboard.type('type:lxc status:running');
    const running = (await apiGuests(demo)).filter(
      (g) => g.type === 'lxc' && g.status === 'running' && !g.template,
    );
    await expect
      .poll(async () => (await guestRowsInOrder(tree)).length, { timeout: UI_TIMEOUT })
      .toBe(running.length);
    const [first, second, third] = await guestRowsInOrder(tree);
    const rowOf = (name: string) => tree.getByRole('treeitem', { name, exact: true });

    await rowOf(first!).click();
    await rowOf(third!).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('region', { name: 'Selection' });
    await expect
      .poll(() => bar.textContent(), { timeout: UI_TIMEOUT })
      .toContain('3 guests selected on Demo cluster');
    for (const name of [first!, second!, third!]) {
      await expect.poll(() => rowOf(name).getAttribute('data-marked')).toBe('true');
    }

    await bar.getByRole('button', { name: 'Shut down (3)' }).click();
    const view = page.getByRole('dialog', { name: 'Shut down 3 guests' });
    await visible(view);
    const rows = view.getByRole('row');
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(3);
    // Every row ends OK, named as in the tree ("proxy01 (CT 101)").
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), {
        timeout: UI_TIMEOUT,
      })
      .toEqual(['ok', 'ok', 'ok']);
    const shown = await rows.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const byName = new Map(running.map((g) => [`${g.name ?? ''} (${String(g.vmid)})`, g]));
    const picked = [first!, second!, third!].map((n) => byName.get(n)!);
    expect(shown).toEqual(picked.map((g) => `${g.name ?? ''} (CT ${String(g.vmid)})OK`));
    await expect.poll(() => view.textContent()).toContain('3 OK');

    // The cluster agrees; the shutdown was sent once, as one cluster bulk action (PVE 9.0.13+).
    const after = await apiGuests(demo);
    for (const g of picked) {
      expect(after.find((a) => a.id === g.id)?.status).toBe('stopped');
      const path = `POST /api2/json/nodes/${g.node}/lxc/${String(g.vmid)}/status/shutdown`;
      expect(demo.requestCounts().get(path)).toBeUndefined();
    }
    expect(demo.requestCounts().get('POST /api2/json/cluster/bulk-action/guest/shutdown')).toBe(1);

    await view.getByRole('button', { name: 'Close' }).click();
    await tree.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => bar.count(), { timeout: UI_TIMEOUT }).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });

  it('opens the row menu with a right-click and Shift+F10; a bulk stop confirms first, Enter does not stop', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await page.keyboard.press('/');
    await page.keyboard.type('type:lxc status:running');
    await expect
      .poll(async () => (await guestRowsInOrder(tree)).length, { timeout: UI_TIMEOUT })
      .toBeGreaterThanOrEqual(3);
    const [first, , third] = await guestRowsInOrder(tree);
    const rowOf = (name: string) => tree.getByRole('treeitem', { name, exact: true });

    // One guest: its own power actions.
    await rowOf(first!).click({ button: 'right' });
    const menu = page.getByRole('menu');
    await visible(menu);
    // By accessible name: each item also shows its key letter.
    const items = () =>
      menu
        .getByRole('menuitem')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    // Its power actions first (other entries, such as Clone, follow them).
    await expect
      .poll(async () => (await items()).slice(0, 4), { timeout: UI_TIMEOUT })
      .toEqual(['Start', 'Shutdown', 'Stop', 'Reboot']);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count(), { timeout: UI_TIMEOUT }).toBe(0);

    // Two marked with Ctrl-click: the menu from the keyboard offers the bulk actions.
    await rowOf(first!).click();
    await rowOf(third!).click({ modifiers: ['Control'] });
    await page.keyboard.press('Shift+F10');
    await visible(menu);
    await expect
      .poll(items, { timeout: UI_TIMEOUT })
      .toEqual([
        'Shut down 2 guests',
        'Stop 2 guests',
        'Reboot 2 guests',
        'Snapshot 2 guests…',
        'Back up 2 guests…',
        'Migrate 2 guests…',
      ]);
    await menu.getByRole('menuitem', { name: 'Stop 2 guests' }).click();
    const confirm = page.getByRole('dialog', { name: 'Stop 2 guests?' });
    await visible(confirm);
    const listed = await confirm.getByRole('listitem').allTextContents();
    expect(listed.map((t) => t.replace(/ \(CT (\d+)\)$/, ' ($1)'))).toEqual([first, third]);
    await expect
      .poll(() =>
        confirm
          .getByRole('button', { name: 'Cancel' })
          .evaluate((b) => b === document.activeElement),
      )
      .toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => confirm.count(), { timeout: UI_TIMEOUT }).toBe(0);
    const stopPosts = [...demo.requestCounts().keys()].filter((k) => k.endsWith('/status/stop'));
    expect(stopPosts).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });
});
