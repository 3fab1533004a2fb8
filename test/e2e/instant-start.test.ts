// Instant start: Deckhand restarted shows the tree it last saw at once, dimmed, its profile row
// saying how old it is ("last seen …"), until the live state arrives; then the rows are live.

import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { hidden, text, visible } from './harness';
import { useRestarts } from './restarts';

const restarts = useRestarts('deckhand-e2e-cache-');

it('restarted, it shows the last tree at once (stale, with its age), then live', async () => {
  const { demo, cacheFile, stores } = await restarts.begin({ taskTimeScale: 0.1 });

  // First run: the demo profile, live.
  const first = await restarts.run(stores);
  await first.page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
  const tree1 = first.page.getByRole('tree', { name: 'Resources' });
  await visible(tree1.getByRole('treeitem', { name: 'pve1, online' }));
  const guestName = await tree1.locator('[data-guest-id]').first().getAttribute('aria-label');
  expect(guestName).toBeTruthy();
  expect(await tree1.locator('[data-stale]').count()).toBe(0);
  const profileId = (await first.core.handlers['profiles.list']())[0]!.id;
  const file = cacheFile(profileId);
  await expect.poll(() => existsSync(file), { timeout: 10_000 }).toBe(true);
  await first.stop();

  // Restart, with the cluster slow to answer its first listing (12 s, under the client's 15 s
  // timeout): the live state comes late, and the last one must be on screen long before.
  demo.addFault({ kind: 'slow', delayMs: 12_000, path: /\/cluster\/resources$/, times: 1 });
  const second = await restarts.run(stores);
  const tree = second.page.getByRole('tree', { name: 'Resources' });
  const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
  const age = profileRow.getByTestId('profile-row-age');
  const guest = tree.getByRole('treeitem', { name: guestName! });
  // At once: the last tree, dimmed, and how old it is.
  await visible(guest, 8_000);
  await text(age, 2_000).toMatch(/^last seen (just now|\d+ s ago)$/);
  expect(await guest.getAttribute('data-stale')).toBe('true');
  expect(await guest.getAttribute('title')).toBe('Last known state: not live yet, connecting');
  expect(await tree.getByRole('treeitem', { name: /^pve1, / }).getAttribute('data-stale')).toBe(
    'true',
  );

  // Then live: no age, nothing dimmed.
  await hidden(age, 30_000);
  await expect.poll(() => guest.getAttribute('data-stale'), { timeout: 10_000 }).toBeNull();
  expect(await tree.locator('[data-stale]').count()).toBe(0);
});
