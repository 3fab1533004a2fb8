// Screenshot scenes of what guests keep and what runs: snapshots, backups and their jobs,
// storage, the tasks strip, a node's detail and the log panel.

import { demoTree, type Scene } from './scene';

export const dataScenes: Record<string, Scene> = {
  snapshots: async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: /web01/ }).first().click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Snapshots' }).click();
    await page.getByRole('row', { name: /after-upgrade/ }).click();
  },
  'snapshot-rollback': async (page, env) => {
    await dataScenes.snapshots!(page, env);
    await page
      .getByRole('region', { name: /Snapshots of/ })
      .getByRole('button', { name: 'Roll back' })
      .click();
    await page.getByRole('dialog', { name: /Roll back/ }).waitFor();
    await page.waitForTimeout(300);
  },
  'snapshot-delete-broken': async (page, env) => {
    await demoTree(page, env);
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
    await dataScenes.snapshots!(page, env);
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByLabel('Name').fill('1st');
    await page.waitForTimeout(300);
  },
  backups: async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-detail').getByRole('tab', { name: 'Backups' }).click();
    await page.getByRole('row', { name: /before upgrade/ }).click();
  },
  'backup-now': async (page, env) => {
    await dataScenes.backups!(page, env);
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
    await dataScenes.backups!(page, env);
    await page
      .getByRole('region', { name: /Backups of/ })
      .getByRole('button', { name: 'Restore' })
      .click();
    await page.getByText(/itself, overwriting it/).click();
    await page.waitForTimeout(300);
  },
  'storage-panel': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: /^pve1/ }).first().click();
    await page.getByTestId('node-detail').getByRole('tab', { name: 'Storage' }).click();
    await page.getByRole('row', { name: /^pbs/ }).click();
    await page.getByRole('table', { name: 'Storage content' }).waitFor();
  },
  'backup-jobs': async (page, env) => {
    await demoTree(page, env);
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
    await demoTree(page, env);
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
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    await page.getByTestId('node-services').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(2500);
  },
  'task-log': async (page, env) => {
    await demoTree(page, env);
    await page
      .getByText(/^Back up/)
      .first()
      .click();
    await page.waitForTimeout(500);
  },
  'log-journal': async (page, env) => {
    await demoTree(page, env);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.getByTestId('log-rows').locator('.log-row').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500);
  },
  'log-merged': async (page, env) => {
    await dataScenes['log-journal']!(page, env);
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
    await dataScenes['log-journal']!(page, env);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('textbox', { name: 'Search lines' }).fill('order');
    await page.getByRole('textbox', { name: 'Filter lines' }).fill('error|warn|fail');
    await page.getByRole('button', { name: 'Regular expression', exact: true }).click();
    await page.waitForTimeout(800);
  },
};
