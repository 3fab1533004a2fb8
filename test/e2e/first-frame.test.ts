// The window's first frame (renderer/src/prepaint): restarted with cached profiles, the window
// shows the tree's top from the frame the last run saved before the app's bundle has run; the
// app's own tree replaces it (one tree on screen afterwards); the saved and served frame holds no
// secret of the profile.

import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { passwordKey } from '../../electron/core';
import { FIRST_FRAME_KEY } from '../../electron/core/first-frame/first-frame-store';
import { FIRST_FRAME_DATA_ID } from '../../shared/first-frame';
import { UI_TIMEOUT, visible } from './harness';
import { useRestarts } from './restarts';

const restarts = useRestarts('deckhand-e2e-first-frame-');
const APP_BUNDLE = /\/assets\/index-[^/]*\.js$/;

it('restarted, the first frame shows the cached tree before the app, which then replaces it', async () => {
  const { cacheFile, stores } = await restarts.begin({ taskTimeScale: 0.1 });

  // First run: the demo profile, live; the window saves its first frame.
  const first = await restarts.run(stores);
  await first.page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
  const tree1 = first.page.getByRole('tree', { name: 'Resources' });
  await visible(tree1.getByRole('treeitem', { name: 'pve1, online' }));
  const label = (await tree1.locator('[data-guest-id]').first().getAttribute('aria-label'))!;
  const [, guestName, vmid] = /^(.*) \((\d+)\)$/.exec(label)!;
  await expect
    .poll(async () => (await first.core.firstFrame()) !== undefined, { timeout: 15_000 })
    .toBe(true);
  const profile = (await first.core.handlers['profiles.list']())[0]!;
  const password = (await stores.secrets.get(passwordKey(profile.id)))!;
  expect(password.length).toBeGreaterThan(3);
  await first.stop();

  // What is kept and what is served name no secret, no account and no address of the profile.
  const saved = await readFile(cacheFile(FIRST_FRAME_KEY), 'utf8');
  expect(saved).toContain(guestName);
  const url = new URL(profile.url);
  for (const secret of [password, url.host, `${profile.username}@`])
    expect(saved).not.toContain(secret);

  // Restart with the app's bundle held back: only the first frame can be on screen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const second = await restarts
    .run(stores, async (page) => {
      await page.route(APP_BUNDLE, async (route) => {
        await held;
        await route.continue();
      });
    })
    .catch((err: unknown) => {
      release();
      throw err;
    });
  const { page } = second;
  const frame = page.locator('#first-frame');
  const row = frame.locator('[data-kind="guest"]', { hasText: guestName });
  await visible(row.first(), 10_000);
  expect(await frame.getAttribute('aria-hidden')).toBe('true');
  expect(await row.first().locator('.ff-vmid').textContent()).toBe(vmid);
  expect(await frame.locator('[data-kind="profile"]').first().textContent()).toMatch(
    /^Demo cluster(last seen (just now|\d+ s ago))$/,
  );
  expect(await frame.locator('[data-kind="node"]').first().textContent()).toMatch(/^pve1\d+\/\d+$/);
  // The app has not run: nothing in its root.
  expect(await page.locator('#root > *').count()).toBe(0);
  const html = await (await page.request.get(second.host.url)).text();
  expect(html).toContain(`id="${FIRST_FRAME_DATA_ID}"`);
  for (const secret of [password, url.host]) expect(html).not.toContain(secret);
  // Without this start's token (any other local process), index.html carries no frame.
  const bare = await (await page.request.get(new URL('/', second.host.url).href)).text();
  expect(bare).toContain('<div id="root">');
  expect(bare).not.toContain(`id="${FIRST_FRAME_DATA_ID}"`);
  expect(bare).not.toContain(guestName);

  // The app runs: its own tree replaces the first frame, and one tree is on screen.
  release();
  const tree = page.getByRole('tree', { name: 'Resources' });
  await visible(tree.getByRole('treeitem', { name: label }), UI_TIMEOUT);
  await expect.poll(() => frame.count(), { timeout: 5_000 }).toBe(0);
  expect(await page.locator(`#${FIRST_FRAME_DATA_ID}`).count()).toBe(0);
  expect(await page.getByText(guestName!, { exact: true }).count()).toBe(1);
});
