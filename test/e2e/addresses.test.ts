// Guest addresses in the UI: an IP typed into the tree filter finds its guest (and says which
// address matched), a node's address finds the node; a VM with the agent shows its addresses,
// OS and host name, one without the agent says so. Expected values come from the cluster's API.

import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';
import { apiGet, apiLogin } from './pve';

const newStack = useStack();

interface CtInterface {
  name: string;
  'ip-addresses'?: { 'ip-address': string; 'ip-address-type': string }[];
}

function guestRows(tree: Locator): Promise<string[]> {
  return tree
    .locator('[role="treeitem"][aria-level="3"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '').sort());
}

describe('guest addresses', () => {
  it("typing a guest's IP in the filter finds it; a node's address finds the node", async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const s = await apiLogin(demo);
    const ifaces = await apiGet<CtInterface[]>(demo, s, '/nodes/pve2/lxc/101/interfaces');
    await s.agent.close();
    const eth0 = ifaces.find((i) => i.name === 'eth0')!;
    const ip = eth0['ip-addresses']!.find((a) => a['ip-address-type'] === 'inet')!['ip-address'];

    const tree = page.getByRole('tree', { name: 'Resources' });
    const filter = page.getByRole('textbox', { name: 'Filter resources' });
    await visible(tree.getByRole('treeitem', { name: 'proxy01 (101)' }));
    await filter.fill(ip);
    await expect.poll(() => guestRows(tree), { timeout: UI_TIMEOUT }).toEqual(['proxy01 (101)']);
    await text(tree.getByRole('treeitem', { name: 'proxy01 (101)' })).toContain(ip);

    await filter.fill('10.10.0.12');
    const pve2 = tree.getByRole('treeitem', { name: 'pve2, online' });
    await visible(pve2);
    await text(pve2).toContain('10.10.0.12');
    await expect
      .poll(() => tree.locator('[role="treeitem"][aria-level="2"]').count(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });

  it('a VM with the agent shows its addresses, OS and host name; one without says so', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await tree.getByRole('treeitem', { name: 'web01 (100)' }).click();
    const detail = page.getByTestId('guest-detail');
    const addresses = detail.getByTestId('guest-addresses');
    await visible(addresses);
    await text(addresses.getByTestId('guest-os')).toContain('Debian GNU/Linux 12 (bookworm)');
    await text(addresses.getByTestId('guest-hostname')).toContain('web01');
    await text(addresses.getByTestId('guest-address-source')).toBe('Addresses from the agent');
    const ens18 = addresses.locator('[data-interface="ens18"]');
    await text(ens18).toContain('10.10.1.102/16');
    await visible(ens18.getByRole('button', { name: 'Copy 10.10.1.102' }));
    // lo is left out of the column.
    expect(await addresses.locator('[data-interface="lo"]').count()).toBe(0);

    await tree.getByRole('treeitem', { name: 'web02 (104)' }).click();
    await text(detail.getByTestId('guest-agent-message')).toBe('No QEMU guest agent configured');
    expect(await detail.getByTestId('guest-address').count()).toBe(0);

    await tree.getByRole('treeitem', { name: 'elastic01 (122)' }).click();
    await text(detail.getByTestId('guest-agent-message')).toBe('QEMU guest agent is not running');
    expect(stack.pageErrors).toEqual([]);
  });
});
