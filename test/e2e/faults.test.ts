// Faults a Proxmox admin meets in real life, seen from the UI: a changed certificate, a ticket that
// expired mid-session, a refresh that fails for a while, a node that stops answering.

import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/model';
import {
  attribute,
  hidden,
  openDemo,
  text,
  visible,
  useStack,
  UI_TIMEOUT,
  type Stack,
} from './harness';

const newStack = useStack();

function totalRequests(s: Stack): number {
  let n = 0;
  for (const count of s.demo.requestCounts().values()) n += count;
  return n;
}

function count(s: Stack, key: string): number {
  return s.demo.requestCounts().get(key) ?? 0;
}

describe('faults', () => {
  it('refuses a changed certificate, names it, and stays offline even after Retry', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    const states: ConnectionState[] = [];
    const off = core.on('connection', (s) => states.push(s));
    try {
      await openDemo(stack);
      const tree = page.getByRole('tree', { name: 'Resources' });
      const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
      await attribute(profileRow, 'data-status').toBe('degraded'); // pve3 is offline
      const pinned = demo.fingerprint;

      const rotated = await demo.rotateCertificate();
      expect(rotated).not.toBe(pinned);

      const banner = page.getByTestId('profile-banner').filter({ hasText: 'certificate' });
      await attribute(banner, 'data-status').toBe('offline');
      await text(banner).toContain('changed');
      await text(banner).toContain(rotated);
      await text(banner).toContain(pinned);
      await attribute(profileRow, 'data-status').toBe('offline');
      // What the tree still shows is marked as the last state seen, and cannot be acted on.
      const web01 = page.getByRole('treeitem', { name: 'web01 (100)' });
      await attribute(web01, 'data-stale').toBe('true');
      await web01.click();
      await visible(page.getByTestId('guest-stale'));
      const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
      expect(await toolbar.getByRole('button', { name: 'Shutdown' }).isDisabled()).toBe(true);
      const tlsRefusals = () =>
        states.filter((s) => s.status === 'offline' && s.errorKind === 'tls').length;
      expect(tlsRefusals()).toBe(1);
      // The refusal came before any HTTP: the server with the new certificate saw no request.
      const before = totalRequests(stack);

      // Retry tries again, meets the same certificate and refuses it again.
      await banner.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(tlsRefusals, { timeout: UI_TIMEOUT }).toBe(2);
      await attribute(banner, 'data-status').toBe('offline');
      await text(banner).toContain(rotated);
      await attribute(profileRow, 'data-status').toBe('offline');
      expect(totalRequests(stack)).toBe(before);
      expect(states.some((s, i) => i > 0 && s.status === 'online')).toBe(false);
      // The session stays halted: no loop keeps knocking on the changed server.
      await core.handlers['session.state']({ profileId: states[0]!.profileId });
      expect(totalRequests(stack)).toBe(before);
      expect(stack.pageErrors).toEqual([]);
    } finally {
      void off.dispose();
    }
  });

  it('renews an expired ticket behind the scenes: a power action just works', async () => {
    // No periodic refresh nor task-list poll: the power action is the first request to meet the
    // expired ticket.
    const stack = await newStack({ refreshIntervalMs: 600_000, clusterTasksIntervalMs: 0 });
    const { page, demo } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: 'backup-proxy (118)' });
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();
    // The detail (loaded on first use) reads the guest as it opens: those reads go out before the
    // ticket expires, so the power action is still the first request to meet it.
    await visible(page.getByTestId('guest-status'));
    await expect
      .poll(() =>
        [...demo.requestCounts().keys()].some((k) => k.startsWith('GET ') && k.includes('/118/')),
      )
      .toBe(true);
    const logins = count(stack, 'POST /api2/json/access/ticket');

    demo.expireTickets();

    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    await toolbar.getByRole('button', { name: 'Start' }).click();
    const strip = page.getByTestId('tasks-strip');
    await visible(strip.getByRole('button', { name: /^Start CT 118 \(backup-proxy\), OK/ }));
    await attribute(row, 'data-status').toBe('running');

    // One refused attempt (auth stage, so nothing ran), one fresh login, one start that ran.
    const startKey = 'POST /api2/json/nodes/pve1/lxc/118/status/start';
    expect(count(stack, startKey)).toBe(2);
    expect(count(stack, 'POST /api2/json/access/ticket')).toBe(logins + 1);
    expect(await strip.getByRole('button', { name: /^Start CT 118/ }).count()).toBe(1);
    // Nothing else for the user to notice: the OK toast, and no toast or banner about a login.
    await visible(page.getByRole('alert').filter({ hasText: 'Start CT 118 (backup-proxy): OK' }));
    const trouble = /fail|credential|login|expired|denied|ticket/i;
    expect(await page.getByRole('alert').filter({ hasText: trouble }).count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });

  it('shows failing refreshes with their reason and recovers when they stop', async () => {
    const stack = await newStack({ demo: { offlineNodes: 0 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
    const web01 = tree.getByRole('treeitem', { name: 'web01 (100)' });
    await attribute(profileRow, 'data-status').toBe('online');
    const banner = page.getByTestId('profile-banner');

    // A short hiccup: one refresh (a GET and its retries) fails, the next one works.
    demo.addFault({ kind: 'status', status: 500, path: /\/cluster\/resources$/, times: 4 });
    await attribute(banner, 'data-status').toBe('degraded');
    await text(banner).toContain('Refresh failed');
    await text(banner).toContain('Internal Server Error');
    await visible(web01); // what the user saw stays on screen
    await hidden(banner);
    await attribute(profileRow, 'data-status').toBe('online');

    // A long outage: offline with the reason; the guests' last known state stays visible.
    const endOutage = demo.addFault({ kind: 'status', status: 500, path: /\/cluster\/resources$/ });
    await attribute(banner, 'data-status').toBe('offline');
    await text(banner).toContain('Internal Server Error');
    await attribute(profileRow, 'data-status').toBe('offline');
    endOutage();
    // The server is fine again; Retry (or the backoff timer, whichever comes first) reconnects.
    await banner.getByRole('button', { name: 'Retry' }).click();
    await hidden(banner);
    await attribute(profileRow, 'data-status').toBe('online');
    await attribute(web01, 'data-status').toBe('running');
    expect(stack.pageErrors).toEqual([]);
  });

  it('names a node that stops answering, and clears it once the node is back', async () => {
    const stack = await newStack({ demo: { offlineNodes: 0 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const row = tree.getByRole('treeitem', { name: 'k8s-cp1 (113)' }); // a stopped VM on pve2
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();

    // pveproxy on pve1 cannot reach pve2: it answers 595 for everything addressed to pve2.
    const back = demo.addFault({
      kind: 'status',
      status: 595,
      path: /^\/api2\/json\/nodes\/pve2\//,
    });
    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    await toolbar.getByRole('button', { name: 'Start' }).click();
    const toast = page.getByRole('alert').filter({ hasText: 'Start failed' });
    await visible(toast);
    // Said once: core writes the clause, the renderer does not add it again.
    await text(toast.locator('.mantine-Notification-description')).toBe(
      'Node pve2 is unreachable: No route to host',
    );
    const banner = page.getByTestId('profile-banner');
    await attribute(banner, 'data-status').toBe('degraded');
    await text(banner).toContain('Node pve2 is unreachable');
    await attribute(row, 'data-status').toBe('stopped');

    // pve2 answers again: the same action works and the warning goes away.
    back();
    await expect
      .poll(() => toolbar.getByRole('button', { name: 'Start' }).isEnabled(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(true);
    await toolbar.getByRole('button', { name: 'Start' }).click();
    await visible(
      page
        .getByTestId('tasks-strip')
        .getByRole('button', { name: /^Start VM 113 \(k8s-cp1\), OK/ }),
    );
    await attribute(row, 'data-status').toBe('running');
    await hidden(banner);
    // Two requests: the first stopped at the proxy with 595, the second started the VM once.
    expect(count(stack, 'POST /api2/json/nodes/pve2/qemu/113/status/start')).toBe(2);
    expect(stack.pageErrors).toEqual([]);
  });
});
