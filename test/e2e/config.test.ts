// Guest options in Chromium: change a running container's memory while another client changes its
// config; the save is refused as "changed by someone else" listing what changed, and the user
// re-applies the change on the fresh config. Each PUT is sent once.

import { describe, expect, it } from 'vitest';
import { hidden, openDemo, useStack, visible } from './harness';

const newStack = useStack();

describe('options panel', () => {
  it('handles a change by another client: shows what changed and re-applies on the fresh config', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);

    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    const panel = page.getByTestId('config-panel');
    const memory = panel.getByTestId('option-memory');
    await visible(memory);
    const before = await memory.inputValue();
    expect(before).toMatch(/^\d+ MiB$/);

    // A limit is checked at the field: nothing is sent.
    await memory.fill('8');
    await visible(panel.getByText('At least 16 MiB', { exact: true }));
    expect(await panel.getByTestId('config-save').isDisabled()).toBe(true);

    // Another admin edits the notes meanwhile.
    demo.editConfig(101, { description: 'resized by another admin' });
    await memory.fill('1536');
    await panel.getByTestId('config-save').click();

    const conflict = panel.getByTestId('config-conflict');
    await visible(conflict.getByText('Changed by someone else'));
    await visible(
      conflict.getByText(
        /detected modified configuration - file changed by other user\? Try again\./,
      ),
    );
    const row = conflict.getByTestId('conflict-description');
    await visible(row.getByText('resized by another admin'));
    expect(await conflict.getByTestId('conflict-memory').count()).toBe(0);

    await conflict.getByRole('button', { name: 'Re-apply my changes on the fresh config' }).click();
    await hidden(conflict);
    await visible(panel.getByText('resized by another admin'));
    expect(await memory.inputValue()).toBe('1536 MiB');
    // A running container takes memory at once: nothing pending.
    expect(await panel.getByTestId('pending-memory').count()).toBe(0);

    const counts = demo.requestCounts();
    expect(counts.get('PUT /api2/json/nodes/pve2/lxc/101/config')).toBe(2);
    expect(stack.pageErrors).toEqual([]);
  });

  it('removes a VM’s stale lock after a second click, with the reason shown', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    await page.getByRole('treeitem', { name: 'files01 (107)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    const lock = page.getByTestId('config-lock');
    await visible(lock.getByText(/Locked \(\w+\): PVE refuses changes while a task holds it\./));
    await lock.getByRole('button', { name: 'Remove lock…' }).click();
    await lock.getByRole('button', { name: /^Remove the \w+ lock$/ }).click();
    await hidden(lock);
    expect(demo.requestCounts().get('PUT /api2/json/nodes/pve2/qemu/107/config')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
