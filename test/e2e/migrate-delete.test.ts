// Migrate and destroy in Chromium: from a guest's header menu, migrate a running VM online (the
// offline node offered disabled with its reason) and see it move to its new node in the tree; then
// destroy a stopped VM with the typed confirmation (the button never focused, Enter never
// destroying) and see it leave the tree. Each write sent once.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hidden, openDemo, useStack, visible } from './harness';

const newStack = useStack();

/** The node row a tree row hangs from: the nearest row above it one level up. */
async function parentNode(page: Page, label: string): Promise<string | undefined> {
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

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('migrate and destroy', () => {
  it('migrates a running VM online and sees it move in the tree', async () => {
    const stack = await newStack({ demo: { taskTimeScale: 0.2 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: /^elastic01 \(122\)/ });
    await row.click();
    expect(await parentNode(page, 'elastic01 (122)')).toBe('pve2');

    await page.getByTestId('guest-more').click();
    await page.getByRole('menuitem', { name: 'Migrate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Migrate VM 122 (elastic01)' });
    // The offline node is there, disabled, with its reason; the live one is chosen.
    const offline = dialog.getByRole('radio', { name: 'pve3' });
    await visible(offline);
    expect(await offline.isDisabled()).toBe(true);
    await visible(dialog.getByText('node offline', { exact: true }));
    expect(await dialog.getByRole('radio', { name: 'pve1' }).isChecked()).toBe(true);
    // Running: online is offered (and on); the local disk is listed.
    expect(await dialog.getByLabel('Online (live) migration').isChecked()).toBe(true);
    await visible(dialog.getByText(/scsi0: local-lvm:vm-122-disk-0/));
    await dialog.getByRole('button', { name: 'Migrate' }).click();
    await hidden(dialog);

    await visible(
      page.getByTestId('tasks-strip').getByRole('button', {
        name: 'Migrate VM 122 (elastic01) to pve1, OK',
      }),
    );
    await until('elastic01 under pve1', async () => {
      await row.scrollIntoViewIfNeeded();
      return (await parentNode(page, 'elastic01 (122)')) === 'pve1';
    });
    expect(demo.requestCounts().get('POST /api2/json/nodes/pve2/qemu/122/migrate')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });

  it('destroys a stopped VM after the typed confirmation and sees it leave the tree', async () => {
    const stack = await newStack({ demo: { taskTimeScale: 0.2 } });
    const { page, demo } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: /^k8s-cp1 \(113\)/ });
    await row.click();
    await page.getByTestId('guest-more').click();
    await page.getByRole('menuitem', { name: 'Destroy…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Destroy VM 113 (k8s-cp1)?' });
    const destroy = dialog.getByRole('button', { name: 'Destroy' });
    const input = dialog.getByTestId('delete-confirm-name');
    await visible(input);
    // Purge is on by default; the destructive button is disabled and not focused.
    expect(await dialog.getByLabel(/^Purge from backup/).isChecked()).toBe(true);
    expect(await destroy.isDisabled()).toBe(true);
    expect(await destroy.evaluate((b) => b === document.activeElement)).toBe(false);
    await input.fill('k8s-cp');
    expect(await destroy.isDisabled()).toBe(true);
    await input.fill('k8s-cp1');
    // Enter does not destroy.
    await input.press('Enter');
    await visible(dialog);
    expect(demo.requestCounts().get('DELETE /api2/json/nodes/pve2/qemu/113') ?? 0).toBe(0);
    expect(await destroy.evaluate((b) => b === document.activeElement)).toBe(false);
    await destroy.click();
    await hidden(dialog);

    await visible(
      page.getByTestId('tasks-strip').getByRole('button', {
        name: 'Destroy VM 113 (k8s-cp1), OK',
      }),
    );
    await hidden(row);
    expect(demo.requestCounts().get('DELETE /api2/json/nodes/pve2/qemu/113')).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
