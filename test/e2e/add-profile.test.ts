// Adding a real cluster through the dialog (not the demo button): certificate review and pinning,
// API-token and password auth, wrong credentials, and a read-only user's permission errors.

import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { attribute, hidden, text, visible, useStack, UI_TIMEOUT, type Stack } from './harness';

const newStack = useStack();

/** Open the add-profile dialog from the welcome screen and enter name and URL. */
async function openDialog(page: Page, name: string, url: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add your Proxmox VE cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a Proxmox VE cluster' });
  await visible(dialog);
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  const urlField = dialog.getByRole('textbox', { name: 'URL', exact: true });
  await urlField.fill(url);
  await urlField.press('Tab'); // leaving the field reads the certificate
  return dialog;
}

/** The certificate review must show exactly the server's fingerprint; then approve it. */
async function approveCertificate(dialog: Locator, expected: string): Promise<void> {
  const review = dialog.getByTestId('certificate-review');
  await visible(review);
  expect(await review.getByTestId('certificate-fingerprint').textContent()).toBe(expected);
  // Read in lines of 8 bytes, split only between bytes (at ':'), never inside one.
  const lines = await review.getByTestId('fingerprint-line').allTextContents();
  expect(lines).toHaveLength(4);
  for (const line of lines) expect(line).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){7}:?$/);
  expect(lines.join('')).toBe(expected);
  // Dates, not ISO strings.
  expect(await review.getByTestId('certificate-validity').textContent()).toMatch(
    /^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}( \((Expires in \d+ days?|Expired on [\d-]+)\))?$/,
  );
  await review.getByRole('checkbox', { name: 'I have verified this fingerprint' }).check();
}

/** Every error the dialog shows: its alert and each field's error text. */
async function errorTexts(dialog: Locator): Promise<string[]> {
  const alerts = await dialog.getByTestId('profile-error').allTextContents();
  const fields = await dialog.locator('.mantine-InputWrapper-error').allTextContents();
  return [...alerts, ...fields];
}

async function savedProfiles(s: Stack) {
  return s.core.handlers['profiles.list']();
}

describe('adding a cluster through the dialog', () => {
  it('pins the reviewed certificate, tests an API token and shows the new cluster', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    const { tokenId, secret } = demo.credentials.token;
    const dialog = await openDialog(page, 'Lab', demo.url);

    // Token auth, all fields filled in before the certificate is approved.
    await dialog.getByText('API token', { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Token ID', exact: true }).fill(tokenId);
    await dialog.getByTestId('profile-secret').fill(secret);
    // The browser host keeps secrets in memory only, and the dialog says so.
    await text(dialog.getByTestId('secrets-memory-note')).toContain('never writes secrets to disk');

    // Focus left the URL field: the certificate was read, and it is the server's own.
    const review = dialog.getByTestId('certificate-review');
    await visible(review);
    expect(await review.getByTestId('certificate-fingerprint').textContent()).toBe(
      demo.fingerprint,
    );
    expect(await review.textContent()).toContain('self-signed');

    // Not approved yet: neither Test connection nor Save gets through, and nothing is saved.
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await text(dialog.getByTestId('profile-error')).toBe(
      'Check the certificate under the URL and confirm its fingerprint, then test again.',
    );
    await dialog.getByRole('button', { name: 'Save' }).click();
    await text(dialog.getByTestId('profile-error')).toContain('Test the connection first');
    expect(await dialog.isVisible()).toBe(true);
    expect(await savedProfiles(stack)).toEqual([]);
    // Not a byte of HTTP reached the unapproved server (the probe is a bare TLS handshake).
    expect([...demo.requestCounts().keys()]).toEqual([]);

    await approveCertificate(dialog, demo.fingerprint);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const result = dialog.getByTestId('profile-test-result');
    await visible(result);
    const shown = (await result.textContent()) ?? '';
    expect(shown).toMatch(/Connected to Proxmox VE 9\.\d+/);
    expect(shown).toContain(`as ${tokenId}`);
    expect(shown).toContain('3 nodes');

    await dialog.getByRole('button', { name: 'Save' }).click();
    await hidden(dialog);

    // The new profile's tree: its nodes and guests, from the cluster behind the pinned cert.
    const tree = page.getByRole('tree', { name: 'Resources' });
    const profileRow = tree.getByRole('treeitem', { name: 'Lab' });
    await visible(profileRow);
    await attribute(profileRow, 'data-status').toBe('degraded'); // pve3 is offline in the demo
    await visible(tree.getByRole('treeitem', { name: 'pve1, online' }));
    await visible(tree.getByRole('treeitem', { name: 'pve2, online' }));
    await visible(tree.getByRole('treeitem', { name: /^pve3, offline/ }));
    await visible(tree.getByRole('treeitem', { name: 'web01 (100)' }));

    const detail = page.getByTestId('profile-detail');
    await visible(detail);
    await text(detail).toContain(demo.fingerprint);
    await text(detail).toContain(tokenId);

    const [saved, ...more] = await savedProfiles(stack);
    expect(more).toEqual([]);
    expect(saved).toMatchObject({ name: 'Lab', fingerprint: demo.fingerprint, isDemo: false });
    // The secret went to the secret store only: not into the profile, not into the page.
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
    expect(stack.pageErrors).toEqual([]);
  });

  it('says the credentials are wrong and saves nothing', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    const dialog = await openDialog(page, 'Wrong', demo.url);
    await approveCertificate(dialog, demo.fingerprint);
    // root@pam is the default user; the password is wrong.
    expect(await dialog.getByRole('textbox', { name: 'User name', exact: true }).inputValue()).toBe(
      'root',
    );
    await dialog.getByTestId('profile-password').fill(`${demo.credentials.password}-not`);
    await dialog.getByRole('button', { name: 'Test connection' }).click();

    // Said once, in the words for adding: no field error beside it, no "expired login".
    const refused = 'The server refused this user name and password.';
    const error = dialog.getByTestId('profile-error');
    await text(error).toBe(refused);
    expect(await errorTexts(dialog)).toEqual([refused]);
    await expect.poll(() => dialog.getByTestId('profile-test-result').count()).toBe(0);

    // Save anyway: refused with the same message, the dialog stays open.
    await dialog.getByRole('button', { name: 'Save' }).click();
    await visible(dialog);
    await text(error).toBe(refused);
    expect(await errorTexts(dialog)).toEqual([refused]);

    // The verdict belongs to those credentials: switching to a token clears it.
    await dialog.getByText('API token', { exact: true }).click();
    await hidden(error);
    expect(await errorTexts(dialog)).toEqual([]);

    // Nothing saved: the welcome screen is still behind the dialog, the core has no profile.
    expect(await savedProfiles(stack)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await hidden(dialog);
    await visible(page.getByRole('button', { name: 'Explore the Demo cluster' }));
    expect(await page.getByRole('tree', { name: 'Resources' }).getByRole('treeitem').count()).toBe(
      0,
    );
    expect(await savedProfiles(stack)).toEqual([]);
  });

  it('lets a read-only user look, and explains why it may not start a guest', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    const { username, password } = demo.credentials.readonlyUser; // audit@pve
    const dialog = await openDialog(page, 'Audit', demo.url);
    await approveCertificate(dialog, demo.fingerprint);

    // Realm from the list the server offers, the user's short name, the password.
    const user = dialog.getByRole('textbox', { name: 'User name', exact: true });
    await user.fill(username.split('@')[0]!);
    await dialog.getByRole('combobox', { name: 'Realm' }).click();
    await page.getByRole('option', { name: /\(pve\)$/ }).click();
    await dialog.getByTestId('profile-password').fill(password);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await text(dialog.getByTestId('profile-test-result')).toContain(`as ${username}`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await hidden(dialog);

    const tree = page.getByRole('tree', { name: 'Resources' });
    await visible(tree.getByRole('treeitem', { name: 'pve1, online' }));
    const row = tree.getByRole('treeitem', { name: 'backup-proxy (118)' });
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();

    const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
    await toolbar.getByRole('button', { name: 'Start' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Permission check failed' });
    await visible(alert);
    await text(alert.locator('.mantine-Notification-description')).toBe(
      'Permission check failed (/vms/118, VM.PowerMgmt)',
    );

    // Refused before a task started: no task, the guest is still stopped, Start is usable again.
    expect(
      await page
        .getByTestId('tasks-strip')
        .getByRole('button', { name: /^Start CT 118/ })
        .count(),
    ).toBe(0);
    await attribute(row, 'data-status').toBe('stopped');
    await expect
      .poll(() => toolbar.getByRole('button', { name: 'Start' }).isEnabled(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(true);
    expect(stack.pageErrors).toEqual([]);
  });
});
