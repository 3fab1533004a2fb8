// Screenshot scenes of the guest lifecycle: the Create wizard, Options (pending, conflict,
// hardware, resize), Clone, and bulk snapshot and backup.

import { demoTree, type Scene } from './scene';

export const lifecycleScenes: Record<string, Scene> = {
  // The Create wizard (features/create): General with a field error, a VM's Network step.
  'create-ct': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    await page.getByTestId('node-create-ct').click();
    const dialog = page.getByRole('dialog', { name: 'Create container' });
    await dialog.getByLabel('Hostname').fill('web_new');
    await dialog.getByLabel('Root password').fill('abc');
    await page.waitForTimeout(600);
  },
  'create-vm-network': async (page, env) => {
    await demoTree(page, env);
    await page.getByTestId('create-menu').click();
    await page.getByRole('menuitem', { name: 'Create VM…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create virtual machine' });
    await dialog.getByLabel('Name').fill('vm-new');
    await dialog.getByTestId('create-step-network').click();
    await dialog.getByText('Static').click();
    await dialog.getByLabel('Address / prefix').fill('10.0.0.5');
    await dialog.getByLabel('VLAN tag').fill('5000');
    await page.waitForTimeout(600);
  },
  // A running VM's options: a memory change saved, pending until reboot.
  'guest-options': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    await page.getByTestId('option-memory').fill('8192');
    await page.getByTestId('config-save').click();
    await page.getByTestId('pending-memory').waitFor();
  },
  // A save refused because another client changed the config meanwhile.
  'options-conflict': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    await page.getByTestId('option-memory').waitFor();
    env.demo.editConfig(101, { description: 'resized by another admin', onboot: '1' });
    await page.getByTestId('option-memory').fill('1536');
    await page.getByTestId('config-save').click();
    await page.getByTestId('config-conflict').waitFor();
  },
  // Cloning a CT template into three copies named by a pattern (features/clone).
  'clone-dialog': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: /^alpine-base/ }).click();
    await page.getByTestId('guest-more').click();
    await page.getByRole('menuitem', { name: 'Clone…' }).click();
    await page.getByTestId('clone-count').fill('3');
    await page.getByLabel('Hostname pattern').fill('web-{n}');
    await page.getByTestId('clone-preview').waitFor();
    await page.waitForTimeout(800);
  },
  // A container's options: Markdown notes, coloured tags, disks and interfaces (features/config).
  'options-hardware': async (page, env) => {
    env.demo.editConfig(101, {
      description:
        '# Proxy\nFronts **web01** and *web02*.\n\n- TLS: `certbot`\n- [Runbook](https://wiki.example/proxy)',
    });
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    await page.getByTestId('disk-rootfs').waitFor();
    await page.waitForTimeout(800);
  },
  // Growing a container's root disk: the new size shown before sending.
  'options-resize': async (page, env) => {
    await lifecycleScenes['options-hardware']!(page, env);
    await page.getByTestId('disk-rootfs').getByRole('button', { name: 'Resize…' }).click();
    await page.getByTestId('resize-grow').fill('4');
    await page.waitForTimeout(500);
  },
  // Bulk snapshot and backup (features/bulk/BulkWriteDialog): the ask dialogs for marked guests.
  'bulk-snapshot': async (page, env) => {
    await demoTree(page, env);
    const rows = page.getByRole('tree', { name: 'Resources' }).locator('[aria-level="3"]');
    await rows.nth(0).click();
    await rows.nth(3).click({ modifiers: ['Shift'] });
    await page
      .getByRole('region', { name: 'Selection' })
      .getByRole('button', { name: /^Snapshot…/ })
      .click();
    await page
      .getByRole('dialog', { name: /^New snapshot on/ })
      .getByLabel('Name')
      .fill('pre-upgrade');
  },
  'bulk-backup': async (page, env) => {
    await demoTree(page, env);
    const rows = page.getByRole('tree', { name: 'Resources' }).locator('[aria-level="3"]');
    await rows.nth(0).click();
    await rows.nth(3).click({ modifiers: ['Shift'] });
    await page
      .getByRole('region', { name: 'Selection' })
      .getByRole('button', { name: /^Back up…/ })
      .click();
    const storage = page.getByRole('dialog', { name: /^Backup of/ }).getByLabel('Storage');
    for (let n = 0; n < 100 && (await storage.inputValue()) === ''; n++) {
      await page.waitForTimeout(100);
    }
  },
  // Bulk migrate (features/bulk/BulkMigrateForm): a node's "Migrate all…", each guest's verdict.
  'bulk-migrate': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'pve2, online' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: /^Migrate all/ }).click();
    await page
      .getByRole('dialog', { name: /^Migrate \d+ guests/ })
      .getByRole('radio', { name: /^pve1/ })
      .waitFor();
    await page.waitForTimeout(400);
  },
};
