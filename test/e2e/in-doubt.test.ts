// A write whose fate is unknown is never called "failed": the demo runs a reboot and drops its
// reply; the UI says it may have run while it checks, keeps the guest's actions busy, and ends on
// "ran (confirmed from the task list)" with the task followed to OK and no second POST.

import { describe, expect, it } from 'vitest';
import { apiGuests } from './pve';
import { attribute, openDemo, useStack, visible, type Stack } from './harness';

const newStack = useStack();

async function runningContainer(s: Stack) {
  const guest = (await apiGuests(s.demo)).find(
    (g) => g.type === 'lxc' && g.status === 'running' && !g.template && g.node === 'pve1',
  );
  if (!guest) throw new Error('no running container on pve1 in the demo');
  return guest;
}

describe('a reboot whose reply was lost', () => {
  it('says it may have run, then that it ran (confirmed from the task list), with one POST', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const ct = await runningContainer(stack);
    const label = `Reboot CT ${ct.vmid}${ct.name ? ` (${ct.name})` : ''}`;
    const path = `/api2/json/nodes/${ct.node}/lxc/${ct.vmid}/status/reboot`;
    demo.addFault({ kind: 'drop-reply', method: 'POST', path: new RegExp(`${path}$`), times: 1 });

    await page.getByRole('treeitem', { name: `${ct.name} (${ct.vmid})` }).click();
    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    await toolbar.getByRole('button', { name: 'Reboot' }).click();

    // While in doubt: said so once, and the guest's actions stay busy.
    const strip = page.getByTestId('tasks-strip');
    await visible(page.getByText(`${label} may have run — checking…`, { exact: true }));
    await attribute(toolbar.getByRole('button', { name: 'Shutdown' }), 'disabled').toBe('');

    // Then what happened: it ran, found in the task list, and its task is followed to OK.
    await visible(page.getByText(`${label} ran (confirmed from the task list)`, { exact: true }));
    await visible(
      strip.getByRole('button', {
        name: `${label} ran (confirmed from the task list), OK`,
        exact: true,
      }),
    );
    await visible(page.getByText(`${label}: OK`, { exact: true }));
    // Nothing says it failed, the task is not someone else's row, and it was sent once.
    expect(await page.getByText(/Reboot failed/).count()).toBe(0);
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(await strip.getByRole('button', { name: new RegExp(`^${escaped}`) }).count()).toBe(1);
    expect(demo.requestCounts().get(`POST ${path}`)).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
