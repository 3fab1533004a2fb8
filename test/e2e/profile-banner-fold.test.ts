// The profile banner with many troubled profiles: a few lines, then "and N more…" that unfolds the
// rest, and one Retry for all the offline ones, instead of a banner as tall as the window.

import { describe, expect, it } from 'vitest';
import { openDemo, text, useStack, visible } from './harness';

const newStack = useStack();

describe('profile banner', () => {
  it('folds past three troubled profiles and unfolds on request', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    await openDemo(stack);
    // Four more profiles on the same cluster: all five are degraded (pve3 is offline).
    for (const n of [1, 2, 3, 4]) {
      await core.handlers['profiles.add']({
        name: `Lab ${String(n)}`,
        url: demo.url,
        fingerprint: demo.fingerprint,
        auth: { mode: 'token', ...demo.credentials.token },
      });
    }
    const banner = page.getByTestId('profile-banner');
    const lines = banner.getByTestId('profile-banner-line');
    const fold = banner.getByTestId('profile-banner-fold');
    // (The tree is virtualised: the later profiles' rows may be out of view; the banner is not.)
    await expect.poll(() => fold.textContent(), { timeout: 30_000 }).toBe('and 2 more…');
    expect(await lines.allTextContents()).toEqual([
      'Demo cluster is degraded: Node pve3 is offline',
      'Lab 1 is degraded: Node pve3 is offline',
      'Lab 2 is degraded: Node pve3 is offline',
    ]);

    await fold.click();
    await expect.poll(() => lines.count()).toBe(5);
    expect(await lines.nth(4).textContent()).toBe('Lab 4 is degraded: Node pve3 is offline');
    await text(fold).toBe('Show fewer');
    await fold.click();
    await expect.poll(() => lines.count()).toBe(3);
    await visible(fold);
    expect(stack.pageErrors).toEqual([]);
  });
});
