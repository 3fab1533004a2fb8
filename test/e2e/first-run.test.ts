// First run → Demo cluster → tree → start and shut down a container → an error task's PVE message.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';
import { apiLogin, apiPost } from './pve';

const newStack = useStack();

describe('first run with the demo cluster', () => {
  it('shows nodes and guests, starts a stopped container and shuts it down', async () => {
    const stack = await newStack();
    const { page } = stack;
    // The browser host keeps secrets in memory only: the welcome screen promises no encrypted store.
    await text(page.getByTestId('welcome-secrets')).toBe(
      'The browser host keeps passwords and tokens in memory only: after it restarts, you enter them again.',
    );
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });

    // All three nodes, the offline one marked as such, and guests under them.
    await visible(tree.getByRole('treeitem', { name: 'pve2, online' }));
    await visible(tree.getByRole('treeitem', { name: /^pve3, offline/ }));
    await visible(tree.getByRole('treeitem', { name: 'web01 (100)' }));
    await visible(page.getByTestId('profile-banner').getByText('Node pve3 is offline'));

    // backup-proxy (CT 118) is a stopped container in the default demo cluster.
    const row = tree.getByRole('treeitem', { name: 'backup-proxy (118)' });
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();
    const detail = page.getByTestId('guest-detail');
    await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('stopped');

    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    expect(await toolbar.getByRole('button', { name: 'Shutdown' }).isDisabled()).toBe(true);
    await toolbar.getByRole('button', { name: 'Start' }).click();

    // The task ends OK with a toast; the row and the detail show running.
    const strip = page.getByTestId('tasks-strip');
    const startTask = strip.getByRole('button', { name: /^Start CT 118 \(backup-proxy\), OK/ });
    await visible(startTask);
    await visible(page.getByText('Start CT 118 (backup-proxy): OK'));
    await attribute(row, 'data-status').toBe('running');
    await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('running');

    // The task log (in the log panel) says what PVE logged.
    await startTask.click();
    await expect
      .poll(() => page.getByTestId('log-panel').getByTestId('log-rows').textContent(), {
        timeout: UI_TIMEOUT,
      })
      .toContain('TASK OK');

    await toolbar.getByRole('button', { name: 'Shutdown' }).click();
    await visible(strip.getByRole('button', { name: /^Shut down CT 118 \(backup-proxy\), OK/ }));
    await attribute(row, 'data-status').toBe('stopped');
    await expect
      .poll(() => toolbar.getByRole('button', { name: 'Start' }).isEnabled(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(true);

    expect(stack.pageErrors).toEqual([]);
  });

  it('asks before stopping, and does nothing when cancelled', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: 'web01 (100)' });
    await attribute(row, 'data-status').toBe('running');
    await row.click();
    // Live throughput, derived from the counters of successive refreshes.
    await text(page.getByTestId('guest-network')).toMatch(/in [\d.]+ \S+\/s · out [\d.]+ \S+\/s/);
    await text(page.getByTestId('guest-disk-io')).toMatch(/read [\d.]+ \S+\/s/);
    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    await toolbar.getByRole('button', { name: 'Stop' }).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog);
    expect(await dialog.textContent()).toContain('web01');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    // No stop request reached the cluster, and the guest still runs.
    const stops = [...stack.demo.requestCounts()].filter(([k]) => k.includes('/status/stop'));
    expect(stops).toEqual([]);
    await attribute(row, 'data-status').toBe('running');
  });

  it('shows the PVE error text of a failed task', async () => {
    // A long refresh interval keeps the UI's view stale on purpose: another admin starts the VM
    // behind our back, so our Start produces PVE's task error "VM 113 already running".
    const stack = await newStack({ refreshIntervalMs: 600_000 });
    const { page, demo } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: 'k8s-cp1 (113)' });
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();

    const other = await apiLogin(demo);
    try {
      await apiPost(demo, other, '/nodes/pve2/qemu/113/status/start');
    } finally {
      await other.agent.close();
    }

    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    await toolbar.getByRole('button', { name: 'Start' }).click();
    const strip = page.getByTestId('tasks-strip');
    // (The other admin's own start is in the strip too, as a task that ended OK.)
    const failed = strip.getByRole('button', {
      name: 'Start VM 113 (k8s-cp1), VM 113 already running',
    });
    await attribute(failed, 'data-task-status').toBe('error');
    await expect
      .poll(() => strip.textContent(), { timeout: UI_TIMEOUT })
      .toContain('VM 113 already running');
    await visible(page.getByRole('alert').filter({ hasText: 'VM 113 already running' }));
    // After the task the client refreshed: the row shows the truth.
    await attribute(row, 'data-status').toBe('running');
  });

  it('shows tasks another admin runs on the cluster, without toasting them', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const other = await apiLogin(demo);
    try {
      await apiPost(demo, other, '/nodes/pve2/qemu/119/status/start');
    } finally {
      await other.agent.close();
    }
    const strip = page.getByTestId('tasks-strip');
    const task = strip.getByRole('button', { name: /^Start VM 119 \(win11-desk\), OK/ });
    await visible(task);
    // Where it ran and who ran it.
    expect(await task.getByTestId('task-origin').textContent()).toBe('pve2 · root@pam');
    await attribute(page.getByRole('treeitem', { name: 'win11-desk (119)' }), 'data-status').toBe(
      'running',
    );
    // Toasts are for what this user did; someone else's task only shows in the strip.
    expect(await page.getByText('Start VM 119 (win11-desk): OK').count()).toBe(0);
  });
});
