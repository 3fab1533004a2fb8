// Failover from the start, seen from the UI: Deckhand restarts while the profile's own server
// (pve1) is down; from the last run's node addresses (the profile cache) and pins (settings) it
// goes live through pve2, the banner says which node it talks to and why, and "Reconnect to pve1"
// moves it back once pve1 is up.

import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { attribute, hidden, text, visible, UI_TIMEOUT } from './harness';
import { useRestarts } from './restarts';

const restarts = useRestarts('deckhand-e2e-failover-');

it('starts through pve2 while pve1 is down, says so, and moves back when asked', async () => {
  const { demo, cacheFile, stores } = await restarts.begin({
    taskTimeScale: 0.1,
    directNodes: true,
    offlineNodes: 0,
  });

  // An earlier run: the demo profile live, every node pinned, its state cached.
  const first = await restarts.run(stores);
  await first.page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
  await visible(
    first.page.getByRole('tree', { name: 'Resources' }).getByRole('treeitem', {
      name: 'pve1, online',
    }),
  );
  const profileId = (await first.core.handlers['profiles.list']())[0]!.id;
  await expect
    .poll(
      async () =>
        Object.keys((await first.core.handlers['profiles.list']())[0]?.nodeFingerprints ?? {})
          .length,
      { timeout: UI_TIMEOUT },
    )
    .toBe(3);
  const file = cacheFile(profileId);
  await expect.poll(() => existsSync(file), { timeout: UI_TIMEOUT }).toBe(true);
  await first.stop();

  // pve1 goes down before Deckhand starts again.
  await demo.setNodeOnline('pve1', false);
  const { page } = await restarts.run(stores);
  const tree = page.getByRole('tree', { name: 'Resources' });
  const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
  const banner = page.getByTestId('profile-banner');
  await text(banner, 30_000).toContain(
    'Demo cluster is degraded: pve1 is not answering; connected through pve2; Node pve1 is offline',
  );
  await attribute(profileRow, 'data-status').toBe('degraded');
  // Live through pve2: its guests are there and nothing is dimmed.
  await visible(tree.getByRole('treeitem', { name: 'pve2, online' }));
  await expect.poll(() => tree.locator('[data-stale]').count(), { timeout: UI_TIMEOUT }).toBe(0);

  await demo.setNodeOnline('pve1', true);
  await banner.getByRole('button', { name: 'Reconnect to pve1' }).click();
  await attribute(profileRow, 'data-status').toBe('online');
  await hidden(banner);
});
