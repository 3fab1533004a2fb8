// A snapshot of many guests in Chromium: three running containers marked with a click and a
// Shift-click, "Snapshot…" in the selection bar asks one name for all (checked at the field
// before anything is sent), the progress view shows each row's result, and the snapshot is in
// one guest's Snapshots tab.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT, guestRowsInOrder } from './harness';

const newStack = useStack();

describe('bulk snapshot', () => {
  it('snapshots three marked containers, a row per guest, the snapshot in one’s Snapshots tab', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await page.keyboard.press('/');
    await page.keyboard.type('type:lxc status:running');
    await expect
      .poll(async () => (await guestRowsInOrder(tree)).length, { timeout: UI_TIMEOUT })
      .toBeGreaterThan(2);
    const [first, , third] = await guestRowsInOrder(tree);
    const rowOf = (name: string) => tree.getByRole('treeitem', { name, exact: true });
    await rowOf(first!).click();
    await rowOf(third!).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('region', { name: 'Selection' });
    await expect
      .poll(() => bar.textContent(), { timeout: UI_TIMEOUT })
      .toContain('3 guests selected');

    // On the bar, or in its "More" menu when the tree is too narrow for every action.
    const inline = bar.getByRole('button', { name: 'Snapshot… (3)' });
    if ((await inline.count()) > 0) await inline.click();
    else {
      await bar.getByRole('button', { name: /^More actions/ }).click();
      await page.getByRole('menuitem', { name: 'Snapshot… (3)' }).click();
    }
    const ask = page.getByRole('dialog', { name: 'New snapshot on 3 guests' });
    await visible(ask);
    // Containers only: no RAM to save, so the form does not offer it.
    expect(await ask.getByLabel(/Include RAM/).count()).toBe(0);
    await ask.getByLabel('Name').fill('9lives');
    await ask.getByRole('button', { name: 'Take 3 snapshots' }).click();
    await visible(ask.getByText('Must start with a letter', { exact: true }));
    expect([...demo.requestCounts().keys()].some((k) => k.endsWith('/snapshot'))).toBe(false);
    await ask.getByLabel('Name').fill('e2e-bulk');
    await ask.getByLabel('Description').fill('three at once');
    await ask.getByRole('button', { name: 'Take 3 snapshots' }).click();

    const view = page.getByRole('dialog', { name: 'Snapshot 3 guests' });
    await visible(view);
    const rows = view.getByRole('row');
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(3);
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), {
        timeout: UI_TIMEOUT,
      })
      .toEqual(['ok', 'ok', 'ok']);
    await visible(view.getByRole('cell', { name: first!.replace(/ \((\d+)\)$/, ' (CT $1)') }));
    await view.getByRole('button', { name: 'Close' }).click();

    await rowOf(first!).click({ modifiers: ['Control'] });
    await page.keyboard.press('Escape');
    await rowOf(first!).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Snapshots' }).click();
    const panel = page.getByRole('region', { name: /^Snapshots of CT \d+/ });
    const snaps = panel.getByRole('grid', { name: 'Snapshot tree' });
    await visible(snaps.getByRole('row', { name: /e2e-bulk/ }).getByText('three at once'));
    expect(stack.pageErrors).toEqual([]);
  });
});
