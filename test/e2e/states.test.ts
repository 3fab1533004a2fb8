// The states a user sees before and without guests: connecting, and an empty cluster.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, text, useStack, visible } from './harness';

const newStack = useStack();

describe('cluster states', () => {
  it('shows the profile connecting until the first refresh, then online', async () => {
    // Every reply takes 800 ms, so login + first refresh leave the connecting state visible.
    const stack = await newStack({ demo: { latencyMs: 800, offlineNodes: 0 } });
    const { page } = stack;
    await page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
    const profile = page.getByRole('treeitem', { name: 'Demo cluster' });
    await attribute(profile, 'data-status').toBe('connecting');
    expect(await profile.getAttribute('aria-busy')).toBe('true');
    await attribute(profile, 'data-status').toBe('online');
    await visible(page.getByRole('treeitem', { name: 'web01 (100)' }));
    expect(await profile.getAttribute('aria-busy')).not.toBe('true');
  });

  it('says so when a cluster has no guests', async () => {
    const stack = await newStack({ demo: { guests: 0 } });
    const { page } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await text(tree).toContain('No guests yet');
    expect(await tree.locator('[data-guest-id]').count()).toBe(0);
    await page.getByRole('treeitem', { name: 'Demo cluster' }).click();
    await text(page.getByTestId('profile-detail')).toContain('No guests yet');
  });
});
