// Two profiles open on the same demo cluster: every task row, toast, console tab, log tab and
// the detail header names its profile (colour chip and name), the tasks strip filters by profile,
// and a read-only profile's power actions are off with the reason.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();

describe('profile names', () => {
  it('names the profile everywhere with two profiles; a read-only one has its actions off', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    // With one profile nothing carries a chip.
    await tree.getByRole('treeitem', { name: 'backup-proxy (118)' }).click();
    const detail = page.getByTestId('guest-detail');
    await visible(detail.getByTestId('guest-status'));
    expect(await detail.getByTestId('profile-chip').count()).toBe(0);

    await core.handlers['profiles.add']({
      name: 'Audit lab',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'token', ...demo.credentials.token },
      readOnly: true,
    });
    await visible(tree.getByRole('treeitem', { name: 'Audit lab' }));

    // The detail header names the profile.
    await attribute(detail.getByTestId('profile-chip'), 'data-profile').toBe('Demo cluster');

    // An action on the first profile: its task row and its toast name it.
    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    await toolbar.getByRole('button', { name: 'Start' }).click();
    const strip = page.getByTestId('tasks-strip');
    const row = strip.getByRole('button', {
      name: /^Demo cluster: Start CT 118 \(backup-proxy\), OK/,
    });
    await visible(row);
    await visible(page.getByText('Demo cluster · Start CT 118 (backup-proxy): OK'));

    // Every task row (own and the cluster's, seen by both profiles) names its profile.
    await expect
      .poll(async () => (await strip.locator('.task-row').all()).length, { timeout: UI_TIMEOUT })
      .toBeGreaterThan(1);
    const names = async () =>
      strip
        .locator('.task-row')
        .evaluateAll((rows) =>
          rows.map(
            (r) =>
              r.querySelector('[data-testid=profile-chip]')?.getAttribute('data-profile') ?? 'none',
          ),
        );
    const all = await names();
    expect(all).not.toContain('none');
    expect(new Set(all)).toEqual(new Set(['Demo cluster', 'Audit lab']));

    // The strip filters by profile.
    await strip
      .getByRole('combobox', { name: 'Show tasks of' })
      .selectOption({ label: 'Audit lab' });
    await expect
      .poll(async () => new Set(await names()), { timeout: UI_TIMEOUT })
      .toEqual(new Set(['Audit lab']));
    await strip
      .getByRole('combobox', { name: 'Show tasks of' })
      .selectOption({ label: 'All profiles' });

    // The task's log tab names the profile.
    await row.click();
    const logTab = page.getByTestId('log-panel').getByRole('tab').first();
    await attribute(logTab.getByTestId('profile-chip'), 'data-profile').toBe('Demo cluster');

    // A console tab names its profile.
    const proxy = tree.getByRole('treeitem', { name: /^proxy01 \(\d+\)$/ }).first();
    await attribute(proxy, 'data-status').toBe('running');
    await proxy.dblclick();
    const consoleTab = page.getByRole('tab', { name: /^proxy01/ });
    await attribute(consoleTab.getByTestId('profile-chip'), 'data-profile').toBe('Demo cluster');

    // The read-only profile: its guest's actions are off, with the reason.
    await page.getByRole('tab', { name: 'Details' }).click();
    // Demo cluster's branch folded, so the only backup-proxy row left is the read-only profile's.
    const demoRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
    await demoRow.click();
    await page.keyboard.press('ArrowLeft');
    await attribute(demoRow, 'aria-expanded').toBe('false');
    await tree.getByRole('treeitem', { name: 'backup-proxy (118)' }).click();
    await attribute(detail.getByTestId('profile-chip'), 'data-profile').toBe('Audit lab');
    const start = toolbar.getByRole('button', { name: 'Shutdown' });
    await expect.poll(() => start.isDisabled(), { timeout: UI_TIMEOUT }).toBe(true);
    expect(await toolbar.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
    await start.hover({ force: true });
    await visible(page.getByRole('tooltip', { name: 'Read-only profile' }));
    expect(stack.pageErrors).toEqual([]);
  });
});
