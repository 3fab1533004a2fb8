// Clone in Chromium: from the "More" menu of a container template, clone it into a new container
// (the new id prefilled from the cluster's next id, a taken id refused at the field with PVE's
// words, the hostname checked by the DNS-name rule), see the task end and the container appear in
// the tree, then start it and see it running; and from a row's context menu convert a stopped
// container to a template after a confirmation that says it cannot be undone. Each sent once.

import { describe, expect, it } from 'vitest';
import { attribute, hidden, openDemo, text, useStack, visible } from './harness';

const newStack = useStack();

describe('clone', () => {
  it('clones a template into a new container, which shows in the tree and starts', async () => {
    const stack = await newStack({ demo: { taskTimeScale: 0.2 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const tpl = tree.getByRole('treeitem', { name: /^alpine-base \(9002\)/ });
    await tpl.click();

    await page.getByTestId('guest-more').click();
    await page.getByRole('menuitem', { name: 'Clone…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clone template CT 9002 (alpine-base)' });
    await visible(dialog);
    const id = dialog.getByLabel('New id');
    await expect.poll(() => id.inputValue(), { timeout: 20_000 }).toMatch(/^\d+$/);
    const newid = await id.inputValue();

    // A taken id is refused at the field, in PVE's words; the cluster's next id is free.
    await id.fill('122');
    await visible(dialog.getByText('VM 122 already exists'));
    expect(await dialog.getByTestId('clone-submit').isDisabled()).toBe(true);
    await id.fill(newid);
    await hidden(dialog.getByText('VM 122 already exists'));

    // The hostname by PVE's DNS-name rule.
    const name = dialog.getByLabel('Hostname');
    await name.fill('web_1');
    await visible(dialog.getByText('Only letters, digits, - and . (a DNS name)'));
    await name.fill('web-1');
    // A template clones linked by default, and says what that means.
    await visible(dialog.getByText(/Shares the template’s disks/));
    await expect
      .poll(() => dialog.getByTestId('clone-submit').isEnabled(), { timeout: 20_000 })
      .toBe(true);
    await dialog.getByTestId('clone-submit').click();
    await hidden(dialog);

    await visible(
      page.getByTestId('tasks-strip').getByRole('button', {
        name: `Clone CT 9002 (alpine-base) to ${newid} (web-1), OK`,
      }),
    );
    const row = tree.getByRole('treeitem', { name: new RegExp(`^web-1 \\(${newid}\\)`) });
    await visible(row);
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Start' })
      .click();
    await attribute(row, 'data-status').toBe('running');
    await text(page.getByTestId('guest-status')).toBe('running');
    expect(demo.requestCounts().get('POST /api2/json/nodes/pve1/lxc/9002/clone')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });

  it('converts a stopped container to a template from the context menu, confirmed', async () => {
    const stack = await newStack({ demo: { taskTimeScale: 0.2 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const row = tree.getByRole('treeitem', { name: /^backup-proxy \(118\)/ });
    await attribute(row, 'data-status').toBe('stopped');
    await row.click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Convert to template…' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Convert CT 118 (backup-proxy) to a template',
    });
    await visible(dialog.getByText(/This cannot be undone/));
    // Enter does not convert: Cancel has the focus, the confirmation is a click.
    await page.keyboard.press('Enter');
    await hidden(dialog);
    expect(demo.requestCounts().get('POST /api2/json/nodes/pve1/lxc/118/template')).toBeUndefined();
    await row.click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Convert to template…' }).click();
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Convert to template' }).click();
    await hidden(dialog);
    await visible(
      page.getByTestId('tasks-strip').getByRole('button', {
        name: 'Convert CT 118 (backup-proxy) to template, OK',
      }),
    );
    await visible(row.getByText('template', { exact: true }));
    expect(demo.requestCounts().get('POST /api2/json/nodes/pve1/lxc/118/template')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
