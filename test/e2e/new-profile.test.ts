// A profile added to a tree long enough to scroll is scrolled to and selected, with its detail
// open: the user sees what they just added without hunting for it.

import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { attribute, hidden, openDemo, text, visible, useStack, UI_TIMEOUT } from './harness';

const newStack = useStack();

/** The row lies wholly inside the tree's scrolled viewport. */
async function inView(tree: Locator, row: Locator): Promise<boolean> {
  const t = await tree.boundingBox();
  const r = await row.boundingBox({ timeout: 1000 }).catch(() => null);
  return !!t && !!r && r.y >= t.y - 0.5 && r.y + r.height <= t.y + t.height + 0.5;
}

describe('a newly added profile', () => {
  it('is scrolled to and selected in a tree that scrolls', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await visible(tree.getByRole('treeitem', { name: 'web01 (100)' }));
    // The demo's tree alone is taller than the pane: the end of it is out of view.
    const scrolls = await tree.evaluate((el) => el.scrollHeight > el.clientHeight + 26);
    expect(scrolls).toBe(true);
    expect(await tree.evaluate((el) => el.scrollTop)).toBe(0);

    // A second profile, to the same cluster, through the header's + and the dialog.
    await page.getByRole('button', { name: 'Add cluster' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a Proxmox VE cluster' });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Second lab');
    const urlField = dialog.getByRole('textbox', { name: 'URL', exact: true });
    await urlField.fill(demo.url);
    await urlField.press('Tab');
    const review = dialog.getByTestId('certificate-review');
    await visible(review);
    await review.getByRole('checkbox', { name: 'I have verified this fingerprint' }).check();
    await dialog.getByTestId('profile-password').fill(demo.credentials.password);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await visible(dialog.getByTestId('profile-test-result'));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await hidden(dialog);

    // Its row is selected and in view (the tree scrolled to it), and its detail is open.
    const row = tree.getByRole('treeitem', { name: 'Second lab' });
    await attribute(row, 'aria-selected').toBe('true');
    await expect.poll(() => inView(tree, row), { timeout: UI_TIMEOUT }).toBe(true);
    expect(await tree.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    expect(await tree.locator('[aria-selected="true"]').count()).toBe(1);
    await text(page.getByTestId('profile-detail').getByRole('heading', { level: 3 })).toBe(
      'Second lab',
    );
    // Still in view once its nodes and guests have arrived below it.
    await visible(tree.getByRole('treeitem', { name: 'pve1, online' }).last());
    expect(await inView(tree, row)).toBe(true);
    expect(stack.pageErrors).toEqual([]);
  });
});
