// Create in Chromium: from a node's context menu, the Create CT wizard with the next free id
// prefilled; a bad hostname and a short password are refused at their fields before anything is
// sent (Next stays on the step); then a template from the node's storage, the defaults for disk,
// CPU, memory and network (the node's bridge), Confirm with start after create, and the new
// container shows in the tree, running. Sent once.

import { describe, expect, it } from 'vitest';
import { attribute, hidden, openDemo, useStack, visible } from './harness';

const newStack = useStack();

describe('create', () => {
  it('creates a container with the wizard, refusing bad values at their fields first', async () => {
    const stack = await newStack({ demo: { taskTimeScale: 0.2 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await tree.getByRole('treeitem', { name: /^pve1, online/ }).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Create CT…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create container' });
    await visible(dialog);

    const id = dialog.getByLabel('CT id');
    await expect.poll(() => id.inputValue(), { timeout: 20_000 }).toMatch(/^\d+$/);
    const vmid = await id.inputValue();

    // Bad values are refused at their fields, before anything is sent.
    const name = dialog.getByLabel('Hostname');
    await name.fill('web_new');
    await visible(dialog.getByText('Only letters, digits, - and . (a DNS name)'));
    await dialog.getByLabel('Root password').fill('abc');
    await visible(dialog.getByText('At least 5 characters', { exact: true }));
    await dialog.getByTestId('create-next').click();
    await visible(dialog.getByLabel('Hostname'));
    await name.fill('web-new');
    await hidden(dialog.getByText('Only letters, digits, - and . (a DNS name)'));
    await dialog.getByLabel('Root password').fill('correct horse');
    await dialog.getByTestId('create-next').click();

    // Template: the node's container templates; Next without one says so at the field.
    await dialog.getByTestId('create-next').click();
    await visible(dialog.getByText('Choose a container template'));
    await dialog.getByLabel('Container template').click();
    await page.getByRole('option', { name: /^debian-13-standard/ }).click();
    await dialog.getByTestId('create-next').click();

    // Disk, CPU & memory, Network: the node's defaults (local-lvm, vmbr0).
    await visible(dialog.getByLabel('Root disk storage'));
    expect(await dialog.getByLabel('Root disk storage').inputValue()).toMatch(/^local-lvm/);
    await dialog.getByTestId('create-next').click();
    const cores = dialog.getByLabel('Cores');
    await cores.fill('0');
    await visible(dialog.getByText('At least 1', { exact: true }));
    await cores.fill('2');
    await dialog.getByTestId('create-next').click();
    expect(await dialog.getByLabel('Bridge').inputValue()).toMatch(/^vmbr0/);
    await dialog.getByTestId('create-next').click();

    // Confirm: the summary, start after create; nothing was sent before this.
    await visible(dialog.getByTestId('create-summary').getByText('web-new'));
    expect(await dialog.getByLabel('Start after created').isChecked()).toBe(true);
    expect(demo.requestCounts().get('POST /api2/json/nodes/pve1/lxc')).toBeUndefined();
    await dialog.getByTestId('create-submit').click();
    await hidden(dialog, 30_000);

    const row = tree.getByRole('treeitem', { name: new RegExp(`^web-new \\(${vmid}\\)`) });
    await visible(row);
    await attribute(row, 'data-status').toBe('running');
    expect(demo.requestCounts().get('POST /api2/json/nodes/pve1/lxc')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
