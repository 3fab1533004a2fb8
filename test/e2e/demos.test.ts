// The built-in demos side by side, as the app offers them: the first-run screen adds a PVE 9
// cluster and a standalone PVE 8 node together; both are branches of one tree (the standalone a
// node, not a cluster of one), the filter works across both (`profile:` and plain text), and a
// task row, a toast and a console tab each name the profile they belong to. Removing one demo's
// profile leaves the other; Add cluster then offers the removed one, alone.

import { describe, expect, it } from 'vitest';
import { attribute, hidden, text, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();

describe('two demos', () => {
  it('adds both from the first-run screen; one tree, one filter, every row naming its profile', async () => {
    const stack = await newStack({ standalone: true });
    const { page } = stack;

    // The first-run screen offers both, with what each is.
    await text(page.getByTestId('welcome-demos')).toBe(
      'Demo cluster: 3 nodes (one offline), Proxmox VE 9.1' +
        'Demo standalone: one node in no cluster, Proxmox VE 8.4',
    );
    await page.getByRole('button', { name: 'Explore the demos' }).click();

    const tree = page.getByRole('tree', { name: 'Resources' });
    const clusterRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
    const standaloneRow = tree.getByRole('treeitem', { name: 'Demo standalone' });
    await visible(clusterRow);
    await visible(standaloneRow);
    await visible(tree.getByRole('treeitem', { name: 'pve1, online' }));
    // The standalone is one node in no cluster: said so, not counted as a cluster of one.
    await visible(tree.getByRole('treeitem', { name: 'pve-edge, online' }));
    await attribute(standaloneRow, 'data-standalone').toBe('true');
    await text(standaloneRow.getByTestId('profile-row-counts')).toBe('standalone · 9 guests');
    await text(clusterRow.getByTestId('profile-row-counts')).toBe('3 nodes · 30 guests');
    expect(await clusterRow.getAttribute('data-standalone')).toBeNull();

    // The cluster's overview opened first; the standalone's: PVE 8, no cluster, no "1 online of 1".
    const overview = page.getByTestId('profile-detail');
    await text(overview.getByTestId('profile-cluster')).toContain('deckhand-demo');
    await text(overview.getByTestId('profile-version')).toContain('PVE 9.1.9');
    await standaloneRow.click();
    await text(overview.getByTestId('profile-version')).toContain('PVE 8.4.1');
    await text(overview.getByTestId('profile-cluster')).toContain('None (standalone node)');
    expect(await overview.getByText('online of').count()).toBe(0);

    // The filter across both: plain text finds a guest of each; `profile:` keeps one branch.
    const filter = page.getByRole('textbox', { name: 'Filter resources' });
    await filter.fill('backup-proxy');
    await visible(tree.getByRole('treeitem', { name: 'backup-proxy (118)' }));
    await visible(tree.getByRole('treeitem', { name: 'backup-proxy (103)' }));
    await text(page.getByTestId('tree-filter-count')).toMatch(/^2 /);
    await filter.fill('profile:standalone');
    await visible(tree.getByRole('treeitem', { name: 'pihole (100)' }));
    await expect
      .poll(() => tree.getByRole('treeitem', { name: 'web01 (100)' }).count(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(0);
    expect(await tree.getByRole('treeitem', { name: 'pve1, online' }).count()).toBe(0);

    // An action on the standalone: its task row and its toast name it.
    await filter.fill('backup-proxy');
    const guest = tree.getByRole('treeitem', { name: 'backup-proxy (103)' });
    await attribute(guest, 'data-status').toBe('stopped');
    await guest.click();
    const detail = page.getByTestId('guest-detail');
    await attribute(detail.getByTestId('profile-chip'), 'data-profile').toBe('Demo standalone');
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Start' })
      .click();
    const strip = page.getByTestId('tasks-strip');
    const row = strip.getByRole('button', {
      name: /^Demo standalone: Start CT 103 \(backup-proxy\), OK/,
    });
    await visible(row);
    await attribute(row.getByTestId('profile-chip'), 'data-profile').toBe('Demo standalone');
    await visible(page.getByText('Demo standalone · Start CT 103 (backup-proxy): OK'));
    await attribute(guest, 'data-status').toBe('running');

    // A console tab names its profile: a container of each.
    await filter.fill('pihole');
    await tree.getByRole('treeitem', { name: 'pihole (100)' }).dblclick();
    const standaloneTab = page.getByRole('tab', { name: /^pihole/ });
    await attribute(standaloneTab.getByTestId('profile-chip'), 'data-profile').toBe(
      'Demo standalone',
    );
    await filter.fill('proxy01');
    const proxy = tree.getByRole('treeitem', { name: /^proxy01 \(\d+\)$/ });
    await attribute(proxy, 'data-status').toBe('running');
    await proxy.dblclick();
    const clusterTab = page.getByRole('tab', { name: /^proxy01/ });
    await attribute(clusterTab.getByTestId('profile-chip'), 'data-profile').toBe('Demo cluster');
    expect(stack.pageErrors).toEqual([]);
  });

  it('removes one demo, the other stays; Add cluster offers the removed one again alone', async () => {
    const stack = await newStack({ standalone: true });
    const { page } = stack;
    await page.getByRole('button', { name: 'Explore the demos' }).click();
    const tree = page.getByRole('tree', { name: 'Resources' });
    await visible(tree.getByRole('treeitem', { name: 'pve-edge, online' }));

    await tree.getByRole('treeitem', { name: 'Demo standalone' }).click();
    const detail = page.getByTestId('profile-detail');
    await visible(detail.getByRole('heading', { name: 'Demo standalone' }));
    await detail.getByRole('button', { name: 'Actions for Demo standalone' }).click();
    await page.getByRole('menuitem', { name: 'Remove…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove Demo standalone?' });
    await text(confirm).toContain(
      'This demo stops (any other demo keeps running); Add cluster offers it again.',
    );
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await hidden(tree.getByRole('treeitem', { name: 'Demo standalone' }));
    // The cluster's demo still answers: its tree is live.
    await attribute(tree.getByRole('treeitem', { name: 'Demo cluster' }), 'data-status').toBe(
      'degraded',
    );
    await visible(tree.getByRole('treeitem', { name: 'pve1, online' }));

    await page.getByRole('button', { name: 'Add cluster' }).click();
    const add = page.getByRole('dialog', { name: 'Add a Proxmox VE cluster' });
    const shortcut = add.getByTestId('demo-shortcut');
    // Only the missing demo is offered.
    await text(shortcut).toBe('Or explore a demo:Demo standalone');
    await shortcut.getByRole('button', { name: 'Demo standalone' }).click();
    await hidden(add);
    await visible(tree.getByRole('treeitem', { name: 'pve-edge, online' }));
    expect(await tree.getByRole('treeitem', { name: 'Demo cluster' }).count()).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
