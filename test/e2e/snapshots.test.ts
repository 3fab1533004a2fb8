// Snapshots in Chromium: from a running container's power toolbar ("Snapshots", the way in until
// the detail layout places the panel), take a snapshot, see it in the tree above "You are here",
// roll back to it after a confirmation that names what is lost, and see both tasks end OK, each
// sent once.

import { describe, expect, it } from 'vitest';
import { hidden, openDemo, useStack, visible } from './harness';

const newStack = useStack();

describe('snapshots panel', () => {
  it('takes a snapshot of a running container, shows it in the tree and rolls back to it', async () => {
    // Real task lengths, so the tree is read while the snapshot is still being made.
    const stack = await newStack({ demo: { taskTimeScale: 1 } });
    const { page, demo } = stack;
    await openDemo(stack);

    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Snapshots' }).click();
    const panel = page.getByRole('region', { name: 'Snapshots of CT 101 (proxy01)' });
    const tree = panel.getByRole('grid', { name: 'Snapshot tree' });
    await visible(tree.getByRole('row', { name: /pre-certbot/ }));

    // Take: the name is checked at the field before anything is sent.
    await panel.getByRole('button', { name: 'Take snapshot' }).click();
    const take = page.getByRole('dialog', { name: 'Take a snapshot of CT 101 (proxy01)' });
    await take.getByLabel('Name').fill('9lives');
    await visible(take.getByText('Must start with a letter', { exact: true }));
    await take.getByLabel('Name').fill('pre-certbot');
    await visible(take.getByText('A snapshot named pre-certbot exists', { exact: true }));
    // A container has no RAM to save: the form does not offer it.
    expect(await take.getByLabel('Include RAM').count()).toBe(0);
    await take.getByLabel('Name').fill('e2e-snap');
    await take.getByLabel('Description').fill('taken in Chromium');
    await take.getByRole('button', { name: 'Take snapshot' }).click();

    const status = panel.getByRole('status', { name: 'Snapshot task' });
    await visible(status.getByText(/Snapshot CT 101 \(proxy01\): e2e-snap\s+— done/));
    const row = tree.getByRole('row', { name: /e2e-snap/ });
    await visible(row.getByText('taken in Chromium'));
    // The tree was read again when the task ended: no longer half-made (snapstate `prepare`).
    await hidden(row.getByText(/in progress|broken/));
    // The new snapshot follows pre-certbot and "You are here" follows it.
    const names = await tree.getByRole('row').allInnerTexts();
    const order = names.map((t) => t.split(/\s/)[0]);
    expect(order.indexOf('pre-certbot')).toBeLessThan(order.indexOf('e2e-snap'));
    expect(order.indexOf('e2e-snap')).toBeLessThan(order.findIndex((t) => t === 'You'));

    // Roll back: the confirmation names what is lost.
    await row.click();
    await panel.getByRole('button', { name: 'Roll back' }).click();
    const confirm = page.getByRole('dialog', { name: 'Roll back CT 101 (proxy01) to e2e-snap?' });
    await visible(confirm.getByText(/is lost, including the current state/));
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await visible(status.getByText(/Roll back CT 101 \(proxy01\) to e2e-snap\s+— done/));
    await visible(
      page.getByTestId('tasks-strip').getByRole('button', {
        name: 'Roll back CT 101 (proxy01) to e2e-snap, OK',
      }),
    );

    const counts = demo.requestCounts();
    expect(counts.get('POST /api2/json/nodes/pve2/lxc/101/snapshot')).toBe(1);
    expect(counts.get('POST /api2/json/nodes/pve2/lxc/101/snapshot/e2e-snap/rollback')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
