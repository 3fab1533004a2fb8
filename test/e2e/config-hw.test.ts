// The Options tab's notes, tags and hardware in Chromium: notes shown as Markdown (raw HTML as
// text), tags in the cluster's colours, a container's root disk grown by 4 GiB in the Resize
// dialog (the new size shown before sending, then in the disk list once the task ended), and a
// network interface added on one of the node's bridges and removed again. Each write sent once.

import { describe, expect, it } from 'vitest';
import { hidden, openDemo, text, useStack, visible } from './harness';

const newStack = useStack();

describe('options panel: notes, tags and hardware', () => {
  it('shows notes as Markdown, tags in the cluster’s colours, grows a disk and adds an interface', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    demo.editConfig(101, {
      description:
        '# Proxy\nFronts **web01**; see [runbook](https://wiki.example/proxy).\n<script>alert(1)</script>\n\n' +
        '| Port | Use |\n|---|---|\n| 443 | https |\n\nNot a link: [trap](javascript:alert(1))',
    });
    await openDemo(stack);
    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    const panel = page.getByTestId('config-panel');

    // Notes: Markdown rendered, the HTML shown as text, not run.
    const notes = panel.getByTestId('notes-rendered');
    await visible(notes.getByRole('heading', { name: 'Proxy' }));
    expect(await notes.locator('strong').textContent()).toBe('web01');
    expect(await notes.getByRole('link', { name: 'runbook' }).getAttribute('href')).toBe(
      'https://wiki.example/proxy',
    );
    await visible(notes.getByText('<script>alert(1)</script>'));
    expect(await notes.locator('script').count()).toBe(0);
    // A GFM table; a link with an unsafe scheme is text only.
    const table = notes.getByTestId('notes-table');
    expect(await table.locator('th').allTextContents()).toEqual(['Port', 'Use']);
    expect(await table.locator('td').allTextContents()).toEqual(['443', 'https']);
    await visible(notes.getByText('trap'));
    expect(await notes.getByRole('link').count()).toBe(1);

    // Tags: prod has the cluster's colour (tag-style color-map prod:c62828:ffffff).
    const prod = panel.getByTestId('option-tags').locator('..').getByTestId('tag-prod');
    await expect
      .poll(() => prod.evaluate((el) => getComputedStyle(el).backgroundColor))
      .toBe('rgb(198, 40, 40)');
    expect(await prod.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');

    // Resize rootfs: 8 GiB + 4 GiB.
    const rootfs = panel.getByTestId('disk-rootfs');
    await visible(rootfs.getByText('8 GiB', { exact: true }));
    await rootfs.getByRole('button', { name: 'Resize…' }).click();
    const dialog = page.getByTestId('resize-dialog');
    await dialog.getByTestId('resize-grow').fill('4');
    await text(dialog.getByTestId('resize-new-size')).toBe('New size: 12 GiB');
    await dialog.getByRole('button', { name: 'Resize' }).click();
    await hidden(dialog);
    await visible(rootfs.getByText('12 GiB', { exact: true }));
    expect(demo.requestCounts().get('PUT /api2/json/nodes/pve2/lxc/101/resize')).toBe(1);

    // Add net1 on vmbr1 with a static address, then remove it.
    await panel.getByRole('button', { name: 'Add interface…' }).click();
    const net = page.getByTestId('net-dialog');
    const bridge = net.getByTestId('net-bridge');
    await expect.poll(() => bridge.inputValue()).toBe('vmbr0');
    await bridge.click();
    await page.getByRole('option', { name: 'vmbr1' }).click();
    await net.getByText('Static', { exact: true }).click();
    await net.getByTestId('net-ip').fill('10.20.0.5/33');
    await visible(net.getByText('dhcp, or an IPv4 address with its prefix (10.0.0.5/24)'));
    expect(await net.getByTestId('net-add').isDisabled()).toBe(true);
    await net.getByTestId('net-ip').fill('10.20.0.5/24');
    await net.getByTestId('net-add').click();
    await hidden(net);
    const row = panel.getByTestId('net-net1');
    await visible(row.getByText('eth1 on vmbr1, 10.20.0.5/24, firewall'));
    // A running container hot-plugs it: nothing pending.
    expect(await row.getByText(/reboot to apply/).count()).toBe(0);
    await row.getByRole('button', { name: 'Remove…' }).click();
    await row.getByRole('button', { name: 'Remove net1' }).click();
    await hidden(row);
    expect(demo.requestCounts().get('PUT /api2/json/nodes/pve2/lxc/101/config')).toBe(2);
    expect(stack.pageErrors).toEqual([]);
  });
});
