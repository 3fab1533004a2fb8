// Per-node trust and failover seen from the UI, against the demo serving every node itself: a node
// taken offline degrades the profile's branch and it recovers; the node spoken to going away moves
// the session to another node (and back when asked); a rotated node certificate asks the user with
// the old and the new fingerprints, for that node.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();
const DEMO = { demo: { directNodes: true, offlineNodes: 0, taskTimeScale: 0.1 } };

describe('node trust and failover', () => {
  it("degrades the profile's branch while a node is offline and recovers when it is back", async () => {
    const stack = await newStack(DEMO);
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
    await attribute(profileRow, 'data-status').toBe('online');

    await demo.setNodeOnline('pve2', false);
    await attribute(profileRow, 'data-status').toBe('degraded');
    await visible(tree.getByRole('treeitem', { name: 'pve2, offline' }));
    const banner = page.getByTestId('profile-banner');
    await text(banner).toContain('Node pve2 is offline');

    await demo.setNodeOnline('pve2', true);
    await attribute(profileRow, 'data-status').toBe('online');
    await visible(tree.getByRole('treeitem', { name: 'pve2, online' }));
    expect(stack.pageErrors).toEqual([]);
  });

  it('fails over to another node, asks about its rotated certificate with both fingerprints, and moves back', async () => {
    const stack = await newStack(DEMO);
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
    await attribute(profileRow, 'data-status').toBe('online');

    await demo.setNodeOnline('pve1', false);
    const banner = page.getByTestId('profile-banner');
    await text(banner).toContain(
      'Demo cluster is degraded: pve1 is not answering; connected through pve2; Node pve1 is offline',
    );

    const old = demo.nodeFingerprint('pve2');
    const rotated = await demo.rotateCertificate('pve2');
    await attribute(banner, 'data-status').toBe('offline');
    await text(banner).toContain(`The certificate of pve2 (127.0.0.2:${demo.port}) changed`);
    await banner.getByRole('button', { name: 'Review certificate…' }).click();

    const dialog = page.getByRole('dialog', {
      name: 'Review the certificate of pve2 (Demo cluster)',
    });
    await visible(dialog);
    await text(dialog.getByTestId('previous-fingerprint')).toContain(old);
    await text(dialog.getByTestId('certificate-fingerprint')).toContain(rotated);
    await dialog.getByLabel('I have verified this fingerprint').check();
    await dialog.getByRole('button', { name: 'Trust and reconnect' }).click();
    await expect.poll(() => dialog.count(), { timeout: UI_TIMEOUT }).toBe(0);
    await text(banner).toContain('connected through pve2');
    await attribute(banner, 'data-status').toBe('degraded');

    await demo.setNodeOnline('pve1', true);
    await banner.getByRole('button', { name: 'Reconnect to pve1' }).click();
    await attribute(profileRow, 'data-status').toBe('online');
    expect(await page.getByTestId('profile-banner').count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
