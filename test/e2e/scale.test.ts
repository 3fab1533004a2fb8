// A big cluster: 5,000 guests on 8 nodes. The tree stays virtualised, the filter still finds a
// guest near the end, and a change on the cluster reaches that guest's row.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, text, visible, useStack, UI_TIMEOUT } from './harness';
import { apiGuests, apiLogin, apiPost } from './pve';

const newStack = useStack();

/** Far below 5,000: only the rows in view (plus overscan) are in the DOM. */
const MAX_DOM_ROWS = 200;

describe('a cluster with 5,000 guests', () => {
  it('keeps the tree virtualised, finds a guest near the end and follows its changes', async () => {
    const stack = await newStack({ demo: { guests: 5000, nodes: 8 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const guests = await apiGuests(demo);
    expect(guests.length).toBe(5000);

    const tree = page.getByRole('tree', { name: 'Resources' });
    const items = tree.getByRole('treeitem');
    await text(tree.getByRole('treeitem', { name: 'Demo cluster' })).toContain('8 nodes');
    await expect.poll(() => items.count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(20);
    expect(await items.count()).toBeLessThan(MAX_DOM_ROWS);

    // End scrolls to the very last row; still only a window of rows exists.
    await tree.focus();
    await page.keyboard.press('End');
    const selected = tree.locator('[role="treeitem"][aria-selected="true"]');
    await expect
      .poll(async () => (await selected.getAttribute('aria-level').catch(() => null)) ?? '', {
        timeout: UI_TIMEOUT,
      })
      .toBe('3');
    const last = (await selected.getAttribute('aria-label')) ?? '';
    expect(guests.some((g) => `${g.name} (${g.vmid})` === last)).toBe(true);
    expect(await items.count()).toBeLessThan(MAX_DOM_ROWS);

    // A stopped guest near the end, on a node that is online.
    const target = guests
      .filter((g) => g.status === 'stopped' && !g.template)
      .sort((a, b) => b.vmid - a.vmid)[0]!;
    expect(target.vmid).toBeGreaterThan(4000);
    const name = `${target.name} (${target.vmid})`;

    const filter = page.getByRole('textbox', { name: 'Filter resources' });
    await filter.fill(`vmid:${target.vmid}`);
    const row = tree.getByRole('treeitem', { name });
    await visible(row);
    await expect
      .poll(() => tree.locator('[role="treeitem"][aria-level="3"]').count(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(1);
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();
    await attribute(row, 'aria-selected').toBe('true');
    const detail = page.getByTestId('guest-detail');
    await text(detail.getByRole('heading', { level: 3 })).toBe(target.name);

    // Another admin starts it; the next refresh's delta updates the row and the detail.
    const other = await apiLogin(demo);
    try {
      const kind = target.type === 'lxc' ? 'lxc' : 'qemu';
      await apiPost(demo, other, `/nodes/${target.node}/${kind}/${target.vmid}/status/start`);
    } finally {
      await other.agent.close();
    }
    await attribute(row, 'data-status').toBe('running');
    await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('running');

    // Clearing the filter brings back the big tree, still virtualised, scrolled so the selected
    // guest stays in view (not back at the top, 5,000 rows away).
    await filter.press('Escape');
    await expect.poll(() => items.count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(20);
    await visible(row);
    await attribute(row, 'aria-selected').toBe('true');
    await attribute(row, 'data-status').toBe('running');
    expect(await items.count()).toBeLessThan(MAX_DOM_ROWS);
    expect(stack.pageErrors).toEqual([]);
  });
});
