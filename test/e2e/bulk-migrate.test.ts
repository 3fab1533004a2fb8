// Bulk migration in Chromium: three guests of pve2 marked with Ctrl-click, "Migrate 3 guests…"
// from the row menu, the dialog offering pve1 (pve3 is offline), the progress view's rows (two
// OK, one refused by PVE because someone locked it meanwhile, with PVE's message), and the two
// under pve1 in the tree. One cluster bulk request, no per-guest migration.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemo, useStack, visible, UI_TIMEOUT } from './harness';
import { apiGuests, type ApiGuest } from './pve';

const newStack = useStack();

/** The node row a tree row hangs from: the nearest row above it one level up. */
function parentNode(page: Page, label: string): Promise<string | undefined> {
  return page.evaluate((name) => {
    const rows = [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')].sort(
      (a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top,
    );
    const i = rows.findIndex((r) => r.getAttribute('aria-label')?.startsWith(name));
    if (i < 0) return undefined;
    const level = Number(rows[i]!.getAttribute('aria-level'));
    for (let j = i - 1; j >= 0; j--) {
      if (Number(rows[j]!.getAttribute('aria-level')) === level - 1) {
        return rows[j]!.getAttribute('aria-label')?.split(',')[0];
      }
    }
    return undefined;
  }, label);
}

type Guest = ApiGuest & { hastate?: string; lock?: string };

describe('bulk migration', () => {
  it('migrates three marked guests to another node; each row shows its result', async () => {
    const stack = await newStack({ demo: { taskTimeScale: 0.2 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const all = (await apiGuests(demo)) as Guest[];
    const plain = all.filter((g) => g.node === 'pve2' && !g.template && !g.hastate && !g.lock);
    const ct = plain.find((g) => g.type === 'lxc' && g.status === 'running')!;
    const stopped = plain.find((g) => g.status === 'stopped')!;
    const vm = plain.find((g) => g.type === 'qemu' && g.status === 'running')!;
    const picked = [ct, stopped, vm].sort((a, b) => a.vmid - b.vmid);
    const label = (g: Guest) => `${g.name ?? ''} (${String(g.vmid)})`;

    const tree = page.getByRole('tree', { name: 'Resources' });
    await page.keyboard.press('/');
    await page.keyboard.type('node:pve2');
    const rowOf = (g: Guest) =>
      tree.getByRole('treeitem', { name: new RegExp(`^${label(g).replace(/[()]/g, '\\$&')}`) });
    await rowOf(picked[0]!).click();
    for (const g of picked.slice(1)) await rowOf(g).click({ modifiers: ['Control'] });
    await rowOf(picked[2]!).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Migrate 3 guests…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Migrate 3 guests' });
    const pve1 = dialog.getByRole('radio', { name: 'pve1 (all)' });
    await visible(pve1);
    expect(await pve1.isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: /^pve3/ }).isDisabled()).toBe(true);
    // Running guests go online (a live VM, a container in restart mode); the VM's disk is copied.
    expect(await dialog.getByLabel(/^Online: running VMs live/).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Copy the disks of running VMs live (1)').isChecked()).toBe(
      true,
    );
    // Someone else locks the VM before the request reaches it.
    demo.editConfig(vm.vmid, { lock: 'backup' });
    await dialog.getByRole('button', { name: 'Migrate 3 guests' }).click();

    const view = page.getByRole('dialog', { name: 'Migrate 3 guests' });
    const rows = view.getByRole('row');
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(3);
    const state = async () =>
      Object.fromEntries(
        await rows.evaluateAll((els) =>
          els.map((e) => [e.textContent ?? '', e.getAttribute('data-state') ?? ''] as const),
        ),
      );
    const kind = (g: Guest) => (g.type === 'lxc' ? 'CT' : 'VM');
    const expected = Object.fromEntries(
      picked.map((g) =>
        g === vm
          ? [`${g.name ?? ''} (VM ${String(g.vmid)})FailedVM is locked (backup)`, 'failed']
          : [`${g.name ?? ''} (${kind(g)} ${String(g.vmid)})OK`, 'ok'],
      ),
    );
    await expect.poll(state, { timeout: UI_TIMEOUT }).toEqual(expected);
    await expect.poll(() => view.textContent()).toContain('2 OK · 1 failed');
    await view.getByRole('button', { name: 'Close' }).click();

    // The two are under pve1 in the tree (the filter cleared), the locked VM stays on pve2.
    await page.keyboard.press('/');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    for (const g of picked) {
      await rowOf(g).scrollIntoViewIfNeeded();
      expect(await parentNode(page, label(g))).toBe(g === vm ? 'pve2' : 'pve1');
    }
    const counts = demo.requestCounts();
    expect(counts.get('POST /api2/json/cluster/bulk-action/guest/migrate')).toBe(1);
    for (const g of picked) {
      expect(
        counts.get(`POST /api2/json/nodes/pve2/${g.type}/${String(g.vmid)}/migrate`),
      ).toBeUndefined();
    }
    expect(stack.pageErrors).toEqual([]);
  }, 120_000);
});
