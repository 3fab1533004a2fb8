// Where messages appear: a disabled power button's reason shows below the toolbar, not over the
// guest's name.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, useStack, visible } from './harness';

const newStack = useStack();

describe('messages', () => {
  it("puts a disabled button's tooltip where it does not cover the guest's name", async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const row = page
      .getByRole('tree', { name: 'Resources' })
      .getByRole('treeitem', { name: 'web01 (100)' });
    await attribute(row, 'data-status').toBe('running');
    await row.click();
    const detail = page.getByTestId('guest-detail');
    const name = detail.getByRole('heading', { name: 'web01' });
    await visible(name);

    const start = page.getByRole('toolbar', { name: 'Power actions' }).getByRole('button', {
      name: 'Start',
    });
    expect(await start.isDisabled()).toBe(true);
    // A disabled button gets no pointer events; its wrapper carries the tooltip.
    await start.locator('xpath=..').hover();
    const tip = page.getByRole('tooltip');
    await visible(tip);
    const tipBox = (await tip.boundingBox())!;
    const nameBox = (await name.boundingBox())!;
    const overlaps =
      tipBox.x < nameBox.x + nameBox.width &&
      nameBox.x < tipBox.x + tipBox.width &&
      tipBox.y < nameBox.y + nameBox.height &&
      nameBox.y < tipBox.y + tipBox.height;
    expect(overlaps).toBe(false);
    const startBox = (await start.boundingBox())!;
    expect(tipBox.y).toBeGreaterThanOrEqual(startBox.y + startBox.height);
    expect(stack.pageErrors).toEqual([]);
  });
});
