// `npm run screenshots`: the demo cluster in Debian's Chromium, light and dark, at 1440×900 and
// 1024×640, written to test-results/screens/ to be looked at before a UI change is called done.
// Each shot is a named scene (what the user would be doing); add scenes as screens are added.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoCluster, type DemoCluster } from '../electron/demo';
import { startBrowserHost } from '../electron/serve/host';
import { launchChromium } from '../test/kit/chromium';
import { createTestCore } from '../test/kit/core';

const OUT = resolve(import.meta.dirname, '../test-results/screens');
const STATIC_DIR = resolve(import.meta.dirname, '../out/renderer');
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 640 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

interface Env {
  demo: DemoCluster;
  url: string;
}
type Scene = (page: Page, env: Env) => Promise<void>;

const scenes: Record<string, Scene> = {
  welcome: async () => undefined,
  // The Create wizard (features/create): General with a field error, a VM's Network step.
  'create-ct': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    await page.getByTestId('node-create-ct').click();
    const dialog = page.getByRole('dialog', { name: 'Create container' });
    await dialog.getByLabel('Hostname').fill('web_new');
    await dialog.getByLabel('Root password').fill('abc');
    await page.waitForTimeout(600);
  },
  'create-vm-network': async (page, env) => {
    await scenes['demo-tree']!(page, env);
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
  'demo-tree': async (page) => {
    await page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
    await page.getByRole('treeitem', { name: 'pve1, online' }).waitFor({ timeout: 20_000 });
  },
  'guest-detail': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page
      .getByRole('treeitem', { name: /grafana/ })
      .first()
      .click();
    // The live line's rates need a few samples; the charts their rrddata.
    await page.getByTestId('live-line').waitFor();
    await page.waitForTimeout(3500);
  },
  'vm-detail': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: /web01/ }).first().click();
    await page.getByTestId('live-line').waitFor();
    await page.waitForTimeout(3500);
  },
  snapshots: async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: /web01/ }).first().click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Snapshots' }).click();
    await page.getByRole('row', { name: /after-upgrade/ }).click();
  },
  'snapshot-rollback': async (page, env) => {
    await scenes.snapshots!(page, env);
    await page
      .getByRole('region', { name: /Snapshots of/ })
      .getByRole('button', { name: 'Roll back' })
      .click();
    await page.getByRole('dialog', { name: /Roll back/ }).waitFor();
    await page.waitForTimeout(300);
  },
  'snapshot-delete-broken': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page
      .getByRole('treeitem', { name: /k8s-cp1/ })
      .first()
      .click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Snapshots' }).click();
    await page.getByRole('row', { name: /pre-migration/ }).click();
    await page
      .getByRole('region', { name: /Snapshots of/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByRole('dialog', { name: /Delete snapshot/ }).waitFor();
    await page.waitForTimeout(300);
  },
  'snapshot-take': async (page, env) => {
    await scenes.snapshots!(page, env);
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByLabel('Name').fill('1st');
    await page.waitForTimeout(300);
  },
  backups: async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Backups' }).click();
    await page.getByRole('row', { name: /before upgrade/ }).click();
  },
  'backup-now': async (page, env) => {
    await scenes.backups!(page, env);
    await page
      .getByRole('region', { name: /Backups of/ })
      .getByRole('button', { name: 'Back up now' })
      .click();
    await page
      .getByRole('dialog', { name: /Back up VM/ })
      .getByText(/free/)
      .waitFor();
    await page.waitForTimeout(300);
  },
  'backup-restore-same': async (page, env) => {
    await scenes.backups!(page, env);
    await page
      .getByRole('region', { name: /Backups of/ })
      .getByRole('button', { name: 'Restore' })
      .click();
    await page.getByText(/itself, overwriting it/).click();
    await page.waitForTimeout(300);
  },
  'storage-panel': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: /^pve1/ }).first().click();
    await page.getByTestId('node-detail').getByRole('tab', { name: 'Storage' }).click();
    await page.getByRole('row', { name: /^pbs/ }).click();
    await page.getByRole('table', { name: 'Storage content' }).waitFor();
  },
  'backup-jobs': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page
      .getByRole('treeitem', { name: /Demo cluster/ })
      .first()
      .click();
    await page
      .getByRole('button', { name: /Run .* now/ })
      .first()
      .waitFor();
  },
  // The tasks strip: a backup that ran out of space says why; a running one about to be stopped.
  'tasks-stop': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    const backUp = async (): Promise<void> => {
      await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
      await page.getByTestId('guest-detail').getByRole('tab', { name: 'Backups' }).click();
      await page.getByRole('button', { name: 'Back up now' }).click();
      const dialog = page.getByRole('dialog', { name: /Back up VM/ });
      await dialog.getByText(/free/).waitFor();
      await dialog.getByRole('button', { name: 'Back up now' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.keyboard.press('Escape');
    };
    env.demo.setStorageAvail('pve1', 'pbs', 1024 ** 3);
    await backUp();
    await page
      .getByTestId('task-reason')
      .filter({ hasText: 'No space left' })
      .waitFor({ timeout: 20_000 });
    env.demo.setStorageAvail('pve1', 'pbs', 8 * 1024 ** 4);
    // Task status answered late: the (fast, in screenshots) backup still shows as running.
    env.demo.addFault({
      kind: 'slow',
      delayMs: 8000,
      method: 'GET',
      path: /\/tasks\/[^/]+\/status$/,
    });
    await backUp();
    await page.getByRole('button', { name: /^Stop Back up/ }).click();
    await page.getByRole('dialog', { name: 'Stop the task?' }).waitFor();
    await page.waitForTimeout(300);
  },
  'node-detail': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    await page.getByTestId('node-services').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(2500);
  },
  'add-profile': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('button', { name: /add/i }).first().click();
    await page.waitForTimeout(300);
  },
  // The tree's Tags and Pools views (features/tree/treeViews.ts), a guest opened from a tag.
  'tree-tags': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.locator('label', { hasText: /^Tags$/ }).click();
    await page.locator('[role="treeitem"][aria-level="3"]').nth(1).click();
    await page.waitForTimeout(600);
  },
  'tree-pools': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.locator('label', { hasText: /^Pools$/ }).click();
    await page.waitForTimeout(600);
  },
  filter: async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('textbox', { name: /filter/i }).fill('pve1');
    await page.waitForTimeout(300);
  },
  'add-profile-refused-url': async (page, env) => {
    await scenes['add-profile']!(page, env);
    const url = page.getByLabel(/^URL/);
    await url.fill('https://root:secret@pve.example.com');
    await url.blur();
    await page.waitForTimeout(300);
  },
  'task-log': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page
      .getByText(/^Back up/)
      .first()
      .click();
    await page.waitForTimeout(500);
  },
  'log-journal': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.getByTestId('log-rows').locator('.log-row').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500);
  },
  'log-merged': async (page, env) => {
    await scenes['log-journal']!(page, env);
    const panel = page.getByTestId('log-panel');
    const merge = async () => {
      await panel.getByRole('button', { name: 'Log view options' }).click();
      await page.getByRole('menuitem', { name: 'Add to the merged view' }).click();
    };
    await merge();
    await page
      .getByRole('tree', { name: 'Resources' })
      .getByRole('treeitem', { name: /proxy01/ })
      .click();
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await panel.getByTestId('log-rows').locator('.log-row').first().waitFor({ timeout: 20_000 });
    await merge();
    await panel.getByRole('tab', { name: 'Merged view' }).click();
    await page.waitForTimeout(1500);
  },
  'log-search': async (page, env) => {
    await scenes['log-journal']!(page, env);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('textbox', { name: 'Search lines' }).fill('order');
    await page.getByRole('textbox', { name: 'Filter lines' }).fill('error|warn|fail');
    await page.getByRole('button', { name: 'Regular expression', exact: true }).click();
    await page.waitForTimeout(800);
  },
  'paused-vm': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: /web01/ }).first().click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: /Suspend|Pause/ })
      .click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Resume' })
      .waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500);
  },
  'host-restarted': async (page, env) => {
    await page.goto(env.url.replace(/token=[^&]+/, 'token=stale'));
    await page.waitForTimeout(1500);
  },
  'in-doubt-reboot': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    env.demo.addFault({ kind: 'drop', method: 'POST', path: /status\/reboot$/ });
    await page
      .getByRole('treeitem', { name: /grafana/ })
      .first()
      .click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Reboot' })
      .click();
    await page.waitForTimeout(2500);
  },
  // The workspace: more consoles than the tab bar holds (the active one in view, "N more" open).
  'workspace-tabs': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    for (const name of ['dns01', 'git', 'grafana', 'pihole', 'jellyfin', 'minio', 'proxy01']) {
      await page.getByRole('treeitem', { name: new RegExp(`^${name} \\(\\d+\\)$`) }).dblclick();
      await page.getByRole('tab', { name: new RegExp(`^${name}`), selected: true }).waitFor();
    }
    await page.getByRole('button', { name: /more tabs: list all$/ }).click();
    await page.waitForTimeout(1000);
  },
  // The workspace with the log panel and the tasks strip collapsed (by their keys).
  'workspace-collapsed': async (page, env) => {
    await scenes['guest-detail']!(page, env);
    if (await page.getByRole('button', { name: 'Log panel', pressed: true }).count())
      await page.keyboard.press('Control+Shift+L');
    await page.keyboard.press('Control+Shift+K');
    await page.getByRole('button', { name: 'Tasks strip' }).hover();
    await page.waitForTimeout(800);
  },
  // A VM with the agent: its addresses, OS and host name in the detail's side column.
  'guest-addresses': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-os').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
  },
  // The reverse lookup: an address prefix in the tree filter, the matching address as a hint.
  'tree-find-ip': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('textbox', { name: 'Filter resources' }).fill('10.10.1.1');
    await page.waitForTimeout(1500);
  },
  'wrong-password': async (page, env) => {
    await scenes['add-profile']!(page, env);
    await page.getByLabel(/^URL/).fill(env.demo.url);
    await page.getByRole('dialog').locator('input[type="password"]').fill('wrong');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForTimeout(2500);
  },
  // A running VM's options: a memory change saved, pending until reboot.
  'guest-options': async (page, env) => {
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    await page.getByTestId('option-memory').fill('8192');
    await page.getByTestId('config-save').click();
    await page.getByTestId('pending-memory').waitFor();
  },
  // A save refused because another client changed the config meanwhile.
  'options-conflict': async (page, env) => {
    await scenes['demo-tree']!(page, env);
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
    await scenes['demo-tree']!(page, env);
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
    await scenes['demo-tree']!(page, env);
    await page.getByRole('treeitem', { name: 'proxy01 (101)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Options' }).click();
    await page.getByTestId('disk-rootfs').waitFor();
    await page.waitForTimeout(800);
  },
  // Growing a container's root disk: the new size shown before sending.
  'options-resize': async (page, env) => {
    await scenes['options-hardware']!(page, env);
    await page.getByTestId('disk-rootfs').getByRole('button', { name: 'Resize…' }).click();
    await page.getByTestId('resize-grow').fill('4');
    await page.waitForTimeout(500);
  },
  // Bulk snapshot and backup (features/bulk/BulkWriteDialog): the ask dialogs for marked guests.
  'bulk-snapshot': async (page, env) => {
    await scenes['demo-tree']!(page, env);
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
    await scenes['demo-tree']!(page, env);
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
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  await mkdir(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [name, scene] of Object.entries(scenes)) {
      if (only.length > 0 && !only.includes(name)) continue;
      for (const colorScheme of SCHEMES) {
        for (const viewport of SIZES) {
          // A fresh stack per shot: every scene starts from a new user's first run.
          const demo = await startDemoCluster({ taskTimeScale: 0.1 });
          const { core } = await createTestCore({ demo, refreshIntervalMs: 1000 });
          const host = await startBrowserHost({ core, staticDir: STATIC_DIR });
          const context = await browser.newContext({ viewport, colorScheme });
          try {
            const page = await context.newPage();
            await page.goto(host.url);
            await scene(page, { demo, url: host.url });
            const file = `${OUT}/${name}-${colorScheme}-${String(viewport.width)}.png`;
            await page.screenshot({ path: file });
            console.log(file);
          } finally {
            await context.close();
            await host.close();
            await core.dispose();
            await demo.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
