// The states a user sees before and without guests: connecting, and an empty cluster.

import { describe, expect, it } from 'vitest';
import { attribute, hidden, openDemo, text, useStack, visible } from './harness';

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
    // Loading, not an empty cluster: no counts and no "No guests yet" before the first refresh.
    const tree = page.getByRole('tree', { name: 'Resources' });
    const detail = page.getByTestId('profile-detail');
    await text(profile).toContain('Connecting…');
    await text(detail.getByTestId('profile-connecting')).toBe('Connecting…');
    for (const shown of [await tree.textContent(), await detail.textContent()]) {
      expect(shown).not.toMatch(/\d+ nodes?|No guests yet|online of|running of/);
    }
    expect(await profile.getAttribute('data-status')).toBe('connecting');
    await attribute(profile, 'data-status').toBe('online');
    await text(profile).toMatch(/3 nodes · \d+ guests$/);
    await hidden(detail.getByTestId('profile-connecting'));
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
