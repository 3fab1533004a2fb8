// A paused VM and a hibernated one (suspended to disk), as another admin leaves them: the detail
// shows a paused VM's uptime and memory and offers Resume first; a hibernated VM (stopped with the
// `suspended` lock) is resumed from the toolbar, which PVE answers by starting it.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';
import { apiGuests, apiLogin, apiPost } from './pve';

const newStack = useStack();

describe('paused and hibernated VMs', () => {
  it('shows a paused VM live with Resume, and resumes a hibernated VM to running', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const guests = await apiGuests(demo);
    // HA-managed VMs cannot be suspended to disk; locked ones cannot be paused.
    const vm = guests.find(
      (g) =>
        g.type === 'qemu' &&
        g.status === 'running' &&
        !g.template &&
        !('hastate' in g) &&
        !('lock' in g),
    )!;
    expect(vm).toBeDefined();
    const s = await apiLogin(demo);
    try {
      const base = `/nodes/${vm.node}/qemu/${vm.vmid}/status`;
      await page.getByRole('treeitem', { name: `${vm.name} (${vm.vmid})` }).click();
      const detail = page.getByTestId('guest-detail');
      const toolbar = detail.getByRole('toolbar', { name: 'Power actions' });
      const firstButton = toolbar.getByRole('button').first();
      await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('running');

      // Paused by someone else: still alive, so its uptime and memory show; Resume leads.
      await apiPost(demo, s, `${base}/suspend`);
      await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('paused');
      await text(detail.getByTestId('guest-uptime')).not.toBe('Uptime–');
      await text(detail.getByTestId('guest-memory')).toMatch(/^Memory.+ of .+/);
      await text(firstButton).toBe('Resume');
      await expect.poll(() => firstButton.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
      expect(await toolbar.getByRole('button', { name: 'Shutdown' }).isEnabled()).toBe(false);

      await firstButton.click();
      await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('running');
      await text(firstButton).toBe('Start');

      // Hibernated (suspended to disk): stopped with the `suspended` lock, and Resume starts it.
      await apiPost(demo, s, `${base}/suspend?todisk=1`);
      await visible(detail.getByTestId('guest-hibernated'));
      await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('stopped');
      await text(firstButton).toBe('Resume');
      await expect.poll(() => firstButton.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
      expect(await toolbar.getByRole('button', { name: 'Start' }).count()).toBe(0);
      await firstButton.click();
      await attribute(detail.getByTestId('guest-status'), 'data-status').toBe('running');
      const after = (await apiGuests(demo)).find((g) => g.id === vm.id)!;
      expect(after.status).toBe('running');
      expect('lock' in after).toBe(false);
      expect(stack.pageErrors).toEqual([]);
    } finally {
      await s.agent.close();
    }
  });
});
