// The tasks strip in Chromium: a running backup is stopped from its row after a confirmation that
// names it, its node and its cluster ("Keep running" sends nothing), and its row then says it was
// stopped and why; a backup that ran out of space says why in its row, not just "failed".

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { attribute, hidden, openDemo, text, useStack, visible, type Stack } from './harness';

const newStack = useStack();

/** Back up VM 100 (web01) to pbs from its Backups panel, as a user would. */
async function backUpWeb01(page: Page): Promise<void> {
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
}

function taskDeletes(stack: Stack): string[] {
  return [...stack.demo.requestCounts()]
    .filter(([k]) => k.startsWith('DELETE /api2/json/nodes/pve1/tasks/'))
    .flatMap(([k, n]) => Array<string>(n).fill(k));
}

const LABEL = 'Back up VM 100 (web01) to pbs';

describe('the tasks strip', () => {
  it('stops a running backup after a confirmation; the row says it was stopped', async () => {
    // Real durations: the backup runs long enough to be stopped.
    const stack = await newStack({ demo: { taskTimeScale: 1 } });
    const { page } = stack;
    await openDemo(stack);
    await backUpWeb01(page);

    const strip = page.getByTestId('tasks-strip');
    const row = strip.getByRole('button', { name: `${LABEL}, running` });
    await visible(row);
    const stop = strip.getByRole('button', { name: `Stop ${LABEL}` });

    // Asked first; keeping it running sends nothing.
    await stop.click();
    const confirm = page.getByRole('dialog', { name: 'Stop the task?' });
    await text(confirm.getByText(/^Stop “/)).toBe(`Stop “${LABEL}” on pve1 (Demo cluster)?`);
    await visible(confirm.getByText(/what it has done so far stays, the rest is not done/));
    await confirm.getByRole('button', { name: 'Keep running' }).click();
    await hidden(confirm);
    expect(taskDeletes(stack)).toEqual([]);
    await visible(row);

    await stop.click();
    await confirm.getByRole('button', { name: 'Stop task' }).click();
    await hidden(confirm);
    const reason = `Stopped: Backup of VM 100 failed - interrupted by signal`;
    const ended = strip.getByRole('button', { name: `${LABEL}, ${reason}` });
    await attribute(ended, 'data-task-status').toBe('stopped');
    const line = ended.getByTestId('task-reason');
    expect(await line.innerText()).toBe(reason);
    expect(await line.getAttribute('title')).toBe(
      'Stopped before it finished: Backup of VM 100 failed - interrupted by signal (job errors)',
    );
    // No Stop button on an ended task, and the stop was sent once.
    await hidden(stop);
    expect(taskDeletes(stack)).toHaveLength(1);
    expect(stack.pageErrors).toEqual([]);
  });

  it("shows a failed backup's reason from its log, not just 'job errors'", async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    demo.setStorageAvail('pve1', 'pbs', 1024 ** 3);
    await backUpWeb01(page);

    const strip = page.getByTestId('tasks-strip');
    const why =
      'Backup of VM 100 failed - backup write data failed: command error: write_data upload error: pipelined request failed: No space left on device (os error 28)';
    const row = strip.getByRole('button', { name: `${LABEL}, ${why}` });
    await attribute(row, 'data-task-status').toBe('error');
    const line = row.getByTestId('task-reason');
    expect(await line.innerText()).toBe(why);
    // One line: cut with an ellipsis, the whole text in its tooltip.
    expect(await line.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
    expect(await line.getAttribute('title')).toBe(`${why} (job errors)`);
    expect(stack.pageErrors).toEqual([]);
  });
});
