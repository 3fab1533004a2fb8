// Managing profiles from the UI: re-approve a changed certificate, enter credentials again,
// rename, and remove profiles until the welcome screen returns.

import { describe, expect, it } from 'vitest';
import { attribute, hidden, openDemo, text, useStack, visible, type Stack } from './harness';
import { apiLogin, apiPost } from './pve';

const newStack = useStack();

/** Open a profile's detail pane and pick an entry of its actions menu. */
async function profileMenu(s: Stack, profileName: string, item: string): Promise<void> {
  const { page } = s;
  await page
    .getByRole('tree', { name: 'Resources' })
    .getByRole('treeitem', { name: profileName })
    .click();
  const detail = page.getByTestId('profile-detail');
  await visible(detail.getByRole('heading', { name: profileName }));
  await detail.getByRole('button', { name: `Actions for ${profileName}` }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

describe('profiles', () => {
  it('shows a changed certificate, and after approval the tree is live again', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const profileRow = tree.getByRole('treeitem', { name: 'Demo cluster' });
    const vm = tree.getByRole('treeitem', { name: 'k8s-cp1 (113)' });
    await attribute(vm, 'data-status').toBe('stopped');

    const pinned = demo.fingerprint;
    const presented = await demo.rotateCertificate();

    // The profile goes offline with the reason, and the banner offers the fix.
    await attribute(profileRow, 'data-status').toBe('offline');
    const banner = page.getByTestId('profile-banner').filter({ hasText: 'changed' });
    await visible(banner);
    await banner.getByRole('button', { name: 'Review certificate…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Review the certificate of Demo cluster' });
    await visible(dialog.getByTestId('certificate-fingerprint'));
    expect(await dialog.getByTestId('certificate-fingerprint').textContent()).toBe(presented);
    expect(await dialog.getByTestId('previous-fingerprint').textContent()).toBe(pinned);
    const trust = dialog.getByRole('button', { name: 'Trust and reconnect' });
    expect(await trust.isDisabled()).toBe(true);
    await dialog.getByLabel('I have verified this fingerprint').check();
    await trust.click();
    await hidden(dialog);

    // Connected again with the new certificate pinned; only pve3's outage remains.
    await attribute(profileRow, 'data-status').toBe('degraded');
    await visible(page.getByTestId('profile-banner').getByText('Node pve3 is offline'));
    await hidden(page.getByRole('button', { name: 'Review certificate…' }));
    await visible(page.getByTestId('profile-detail').getByText(presented));

    // Live: another admin starts the VM and the tree follows.
    const other = await apiLogin(demo);
    try {
      await apiPost(demo, other, '/nodes/pve2/qemu/113/status/start');
    } finally {
      await other.agent.close();
    }
    await attribute(vm, 'data-status').toBe('running');
    expect(stack.pageErrors).toEqual([]);
  });

  it('asks for credentials again after the password changed on the server, and reconnects', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    await openDemo(stack);
    const audit = demo.credentials.readonlyUser;
    await core.handlers['profiles.add']({
      name: 'Admin',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'password', username: 'audit', realm: 'pve', password: audit.password },
    });
    // The server's admin changes the password; once the ticket lapses the session cannot log in.
    demo.setPassword('audit@pve', 'changed-on-the-server');
    demo.expireTickets();
    const row = page
      .getByRole('tree', { name: 'Resources' })
      .getByRole('treeitem', { name: 'Admin' });
    await attribute(row, 'data-status').toBe('offline');
    const banner = page.getByTestId('profile-banner').filter({ hasText: 'Admin is offline' });
    const update = banner.getByRole('button', { name: 'Update credentials…' });
    // Neutral: entering credentials again destroys nothing.
    expect(await update.getAttribute('data-variant')).toBe('default');
    await update.click();

    const dialog = page.getByRole('dialog', { name: 'Credentials for Admin' });
    // The browser host keeps secrets in memory only, and the dialog says so (no "encrypted store").
    await text(dialog.getByTestId('credentials-secrets')).toBe(
      'Deckhand logs in with these before it saves them. The browser host keeps passwords and tokens in memory only: after it restarts, you enter them again.',
    );
    const password = dialog.getByTestId('credentials-password');
    await password.fill('still-wrong');
    await dialog.getByRole('button', { name: 'Save and reconnect' }).click();
    await visible(dialog.getByText('Wrong credentials', { exact: true }));
    await attribute(row, 'data-status').toBe('offline');

    await password.fill('changed-on-the-server');
    await dialog.getByRole('button', { name: 'Save and reconnect' }).click();
    await hidden(dialog);
    await attribute(row, 'data-status').toBe('degraded');
    await hidden(banner);
    expect(stack.pageErrors).toEqual([]);
  });

  it('renames and removes profiles; the welcome screen returns when none remain', async () => {
    const stack = await newStack();
    const { page, demo, core } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    // A second profile on the same cluster, through its API token.
    await core.handlers['profiles.add']({
      name: 'Token lab',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'token', ...demo.credentials.token },
    });
    await visible(tree.getByRole('treeitem', { name: 'Token lab' }));
    // Both profiles are degraded (pve3 is offline): one banner names them both, no stack.
    const banner = page.getByTestId('profile-banner');
    await expect
      .poll(() => banner.getByTestId('profile-banner-line').allTextContents())
      .toEqual([
        'Demo cluster is degraded: Node pve3 is offline',
        'Token lab is degraded: Node pve3 is offline',
      ]);
    expect(await banner.count()).toBe(1);

    await profileMenu(stack, 'Token lab', 'Rename…');
    const rename = page.getByRole('dialog', { name: 'Rename Token lab' });
    await rename.getByLabel('Name').fill('Lab via token');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await hidden(rename);
    await visible(tree.getByRole('treeitem', { name: 'Lab via token' }));
    await hidden(tree.getByRole('treeitem', { name: 'Token lab' }));

    // Cancelling keeps the profile; confirming removes it and only it.
    await profileMenu(stack, 'Lab via token', 'Remove…');
    let confirm = page.getByRole('dialog', { name: 'Remove Lab via token?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await hidden(confirm);
    expect((await core.handlers['profiles.list']()).map((p) => p.name)).toContain('Lab via token');

    // Both profiles show the same cluster's tasks: the newest task is in the strip once for each.
    const strip = page.getByTestId('tasks-strip');
    // With two profiles each row starts with its profile's name; with one, it does not.
    const rowsLike = async () => {
      const prefixes = ['Demo cluster: ', 'Lab via token: '];
      const bare = (l: string) =>
        prefixes.reduce((t, p) => (t.startsWith(p) ? t.slice(p.length) : t), l);
      const newest = bare(
        (await strip.locator('.task-row').first().getAttribute('aria-label')) ?? '',
      );
      const rows = strip.locator('.task-row');
      return {
        count: async () =>
          (
            await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
          ).filter((l) => bare(l) === newest).length,
      };
    };
    const twice = await rowsLike();
    await expect.poll(() => twice.count()).toBeGreaterThan(1);
    const before = await twice.count();
    expect(before % 2).toBe(0);

    await profileMenu(stack, 'Lab via token', 'Remove…');
    confirm = page.getByRole('dialog', { name: 'Remove Lab via token?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await hidden(confirm);
    await hidden(tree.getByRole('treeitem', { name: 'Lab via token' }));
    await visible(tree.getByRole('treeitem', { name: 'Demo cluster' }));
    // The removed profile's tasks left the strip with it.
    await expect.poll(() => twice.count()).toBe(before / 2);

    await profileMenu(stack, 'Demo cluster', 'Remove…');
    confirm = page.getByRole('dialog', { name: 'Remove Demo cluster?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await visible(page.getByRole('button', { name: 'Explore the Demo cluster' }));
    await hidden(tree.getByRole('treeitem', { name: 'Demo cluster' }));
    expect(await core.handlers['profiles.list']()).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });
});
