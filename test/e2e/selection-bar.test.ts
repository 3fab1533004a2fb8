// The selection bar stays one tidy line at 1024×640: "3 selected", the actions that fit the tree's
// width, the rest in a "More" menu (which runs them as the buttons do), and Clear.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT, guestRowsInOrder } from './harness';

const newStack = useStack();

describe('selection bar', () => {
  it('keeps to one line at 1024×640, the rest of the actions in "More"', async () => {
    const stack = await newStack();
    const { page } = stack;
    await page.setViewportSize({ width: 1024, height: 640 });
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
    await visible(bar.getByText('3 selected', { exact: true }));
    await expect
      .poll(() => bar.textContent(), { timeout: UI_TIMEOUT })
      .toContain('3 guests selected on Demo cluster');

    // One line: as high as one compact button row, every control on the same line.
    const toolbar = bar.getByRole('toolbar', { name: 'Bulk actions' });
    const box = await bar.boundingBox();
    expect(box!.height).toBeLessThan(34);
    const tops = await bar
      .locator('button:visible')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await visible(toolbar.getByRole('button', { name: 'Shut down (3)' }));

    // The rest is in "More", and runs from there.
    const more = toolbar.getByRole('button', { name: /^More actions \(\d+\)$/ });
    await visible(more);
    await more.click();
    const item = page.getByRole('menuitem', { name: 'Back up… (3)' });
    await visible(item);
    expect(await toolbar.getByRole('button', { name: 'Back up… (3)' }).count()).toBe(0);
    await item.click();
    await visible(page.getByRole('dialog', { name: 'Backup of 3 guests' }));
    expect(stack.pageErrors).toEqual([]);
  });
});
