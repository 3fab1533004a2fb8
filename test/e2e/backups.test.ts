// Backups in Chromium: from a running VM's power toolbar ("Backups", the way in until the detail
// layout places the panel), back it up to the PBS-like storage, see the backup listed, restore
// it to a new id (prefilled from /cluster/nextid) and see the new guest appear in the tree; each
// write sent once.

import { describe, expect, it } from 'vitest';
import { hidden, openDemo, useStack, visible } from './harness';

const newStack = useStack();

describe('backups panel', () => {
  it('backs up a VM to PBS, lists the backup, restores it to a new id that joins the tree', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);

    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Backups' }).click();
    const panel = page.getByRole('region', { name: 'Backups of VM 100 (web01)' });
    const grid = panel.getByRole('grid', { name: 'Backups' });
    // The seeded ones: last night's archive on nas-backup and older PBS snapshots.
    await visible(grid.getByRole('row', { name: /web01 before upgrade/ }));
    const before = await grid.getByRole('row').count();

    await panel.getByRole('button', { name: 'Back up now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Back up VM 100 (web01)' });
    // Only storages with backup content, with their free space; PBS picked first.
    const storage = dialog.getByLabel('Storage', { exact: true });
    await expect.poll(() => storage.inputValue()).toMatch(/^pbs \(pbs\) — [\d.]+ TiB free$/);
    await visible(dialog.getByText(/Keeps running the whole time/));
    await dialog.getByText('Stop', { exact: true }).click();
    await visible(dialog.getByText(/Shut down cleanly/));
    await dialog.getByText('Snapshot', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Back up now' }).click();

    const status = panel.getByRole('status', { name: 'Backup task' });
    await visible(status.getByText(/Back up VM 100 \(web01\) to pbs\s+— done/), 20_000);
    await expect.poll(() => grid.getByRole('row').count()).toBe(before + 1);
    // Newest first: the new one, on pbs, in PBS format, with the template's notes.
    const first = grid.getByRole('row').nth(1);
    expect(await first.innerText()).toMatch(/pbs\s+[\d.]+ GiB\s+PBS\s+web01/);

    await first.click();
    await panel.getByRole('button', { name: 'Restore' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore a backup' });
    const id = restore.getByLabel('New id', { exact: true });
    await expect.poll(() => id.inputValue()).toMatch(/^\d{3}$/);
    const newId = await id.inputValue();
    await restore.getByRole('button', { name: 'Restore' }).click();
    await visible(status.getByText(new RegExp(`Restore backup as VM ${newId}\\s+— done`)), 20_000);
    await visible(page.getByRole('treeitem', { name: `web01 (${newId})` }));

    const counts = demo.requestCounts();
    expect(counts.get('POST /api2/json/nodes/pve1/vzdump')).toBe(1);
    expect(counts.get('POST /api2/json/nodes/pve1/qemu')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});

describe('a running backup', () => {
  it('is stopped from the tasks strip after a confirmation, and ends with the interrupt', async () => {
    // Real durations: the backup runs long enough to be stopped.
    const stack = await newStack({ demo: { taskTimeScale: 1 } });
    const { page, demo } = stack;
    await openDemo(stack);

    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Backups' }).click();
    const panel = page.getByRole('region', { name: 'Backups of VM 100 (web01)' });
    await panel.getByRole('button', { name: 'Back up now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Back up VM 100 (web01)' });
    await expect
      .poll(() => dialog.getByLabel('Storage', { exact: true }).inputValue())
      .toMatch(/^pbs/);
    await dialog.getByRole('button', { name: 'Back up now' }).click();
    await hidden(dialog);

    const strip = page.getByTestId('tasks-strip');
    const label = 'Back up VM 100 (web01) to pbs';
    await strip.getByRole('button', { name: `Stop ${label}` }).click();
    const confirm = page.getByTestId('stop-task-dialog');
    await visible(confirm.getByText(`Stop “${label}” on pve1 (Demo cluster)?`));
    await confirm.getByRole('button', { name: 'Stop task' }).click();
    await visible(
      strip.getByRole('button', {
        name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}, .*interrupt`),
      }),
    );

    const counts = demo.requestCounts();
    expect(counts.get('POST /api2/json/nodes/pve1/vzdump')).toBe(1);
    expect(
      [...counts.keys()].filter((k) => k.startsWith('DELETE /api2/json/nodes/pve1/tasks/')),
    ).toHaveLength(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
