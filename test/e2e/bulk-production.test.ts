// A bulk Stop that reaches a production profile asks for a typed confirmation, as one guest's Stop
// there asks for its name: the guests are listed under each profile's name (the production one
// marked), the user types the production profile's name, Enter never confirms, and nothing is
// sent until the button is clicked. A bulk Shutdown there asks (untyped) too.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT, type Stack } from './harness';
import { apiGuests } from './pve';

const newStack = useStack();

const focused = (stack: Stack) =>
  stack.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');

const stopPosts = (stack: Stack) =>
  [...stack.demo.requestCounts().entries()].filter(([k]) => /\/stop$/.test(k));

describe('bulk actions on a production profile', () => {
  it('asks for the production profile’s name before a bulk Stop across two profiles', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    await openDemo(stack);
    const [profile] = await core.handlers['profiles.list']();
    await core.handlers['profiles.update']({ profileId: profile!.id, production: true });
    await core.handlers['profiles.add']({
      name: 'Lab',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'token', ...demo.credentials.token },
    });
    const tree = page.getByRole('tree', { name: 'Resources' });
    await visible(tree.getByRole('treeitem', { name: 'Lab' }));

    // Few rows, so both profiles' guests are rendered: the running guests tagged web.
    const running = (await apiGuests(demo)).filter(
      (g) =>
        g.status === 'running' &&
        !g.template &&
        g.name &&
        (g.tags ?? '').split(';').includes('web'),
    );
    const [a, b] = running;
    if (!a || !b) throw new Error('two running web guests expected');
    await page.keyboard.press('/');
    await page.keyboard.type('tag:web status:running');
    const kind = (g: typeof a) => (g.type === 'lxc' ? 'CT' : 'VM');
    const rowOf = (g: typeof a) =>
      tree.getByRole('treeitem', { name: `${g.name!} (${String(g.vmid)})`, exact: true });
    // The first occurrence is under Demo cluster (listed first), the second under Lab.
    await visible(rowOf(b).nth(1));
    await rowOf(a).first().click();
    await rowOf(b)
      .nth(1)
      .click({ modifiers: ['Control'] });
    const bar = page.getByRole('region', { name: 'Selection' });
    await expect
      .poll(() => bar.textContent(), { timeout: UI_TIMEOUT })
      .toContain('2 guests selected on 2 clusters');

    // On the bar, or in its "More" menu when the tree is too narrow for every action.
    const inline = bar.getByRole('button', { name: 'Stop (2)' });
    if ((await inline.count()) > 0) await inline.click();
    else {
      await bar.getByRole('button', { name: /^More actions/ }).click();
      await page.getByRole('menuitem', { name: 'Stop (2)' }).click();
    }
    const dialog = page.getByRole('dialog', { name: 'Stop 2 guests?' });
    await visible(dialog);
    // Each profile is named with its guests, the production one first and marked.
    const groups = dialog.getByTestId('bulk-confirm-group');
    await expect
      .poll(() => groups.evaluateAll((els) => els.map((e) => e.textContent ?? '')))
      .toEqual([
        `Demo cluster: 1 guestproduction${a.name!} (${kind(a)} ${String(a.vmid)})`,
        `Lab: 1 guest${b.name!} (${kind(b)} ${String(b.vmid)})`,
      ]);
    expect(await dialog.getByTestId('bulk-confirm-hint').textContent()).toBe(
      '1 guest of the production profile Demo cluster will be stopped.',
    );
    const field = dialog.getByTestId('bulk-confirm-name');
    expect(await dialog.getByText('Type Demo cluster to confirm').count()).toBe(1);
    await expect.poll(() => focused(stack), { timeout: UI_TIMEOUT }).toBe('bulk-confirm-name');
    const go = dialog.getByRole('button', { name: 'Stop 2' });
    expect(await go.isDisabled()).toBe(true);
    // Enter neither confirms nor (with the right text typed) sends anything.
    await page.keyboard.press('Enter');
    await field.pressSequentially('Demo cluste');
    expect(await go.isDisabled()).toBe(true);
    await field.pressSequentially('r');
    await expect.poll(() => go.isDisabled(), { timeout: UI_TIMEOUT }).toBe(false);
    await page.keyboard.press('Enter');
    await visible(dialog);
    expect(stopPosts(stack)).toEqual([]);

    await go.click();
    const view = page.getByRole('dialog', { name: 'Stop 2 guests' });
    await visible(view);
    await expect
      .poll(
        () =>
          view
            .getByRole('row')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-state') ?? '')),
        { timeout: 60_000 },
      )
      .toEqual(['ok', 'ok']);
    const after = await apiGuests(demo);
    expect(after.find((g) => g.vmid === a.vmid)?.status).toBe('stopped');
    expect(after.find((g) => g.vmid === b.vmid)?.status).toBe('stopped');
    expect(stack.pageErrors).toEqual([]);
  });

  it('asks before a bulk Shutdown on a production profile; Cancel has the focus', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    await openDemo(stack);
    const [profile] = await core.handlers['profiles.list']();
    await core.handlers['profiles.update']({ profileId: profile!.id, production: true });
    const tree = page.getByRole('tree', { name: 'Resources' });
    await tree.getByRole('treeitem', { name: 'pve2, online' }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: /^pve2: / });
    await menu.getByRole('menuitem', { name: /^Shut down all \(\d+\)$/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Shut down \d+ guests\?$/ });
    await visible(dialog);
    await expect.poll(() => focused(stack), { timeout: UI_TIMEOUT }).toBe('bulk-confirm-cancel');
    expect(await dialog.getByTestId('bulk-confirm-name').count()).toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count(), { timeout: UI_TIMEOUT }).toBe(0);
    const shutdowns = [...demo.requestCounts().keys()].filter((k) => /shutdown$/.test(k));
    expect(shutdowns).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });
});
