// A two-factor login in Chromium: the demo's tfa@pve profile is added through the dialog, the code
// dialog opens by itself, a wrong code is refused at the field, the right one shows the tree.

import { describe, expect, it } from 'vitest';
import { totpCode } from '../../electron/demo/tfa';
import { hidden, text, visible, useStack } from './harness';

const newStack = useStack();

describe('two-factor login', () => {
  it('asks for the TOTP code once, refuses a wrong one at the field, and shows the tree', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    const t = demo.credentials.tfaUser;

    await page.getByRole('button', { name: 'Add your Proxmox VE cluster' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a Proxmox VE cluster' });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Secure lab');
    const urlField = dialog.getByRole('textbox', { name: 'URL', exact: true });
    await urlField.fill(demo.url);
    await urlField.press('Tab');
    const review = dialog.getByTestId('certificate-review');
    await visible(review);
    await review.getByRole('checkbox', { name: 'I have verified this fingerprint' }).check();
    await dialog.getByRole('textbox', { name: 'User name', exact: true }).fill('tfa');
    await dialog.getByRole('combobox', { name: 'Realm' }).click();
    await page.getByRole('option', { name: /\(pve\)$/ }).click();
    await dialog.getByTestId('profile-password').fill(t.password);

    // The connection test says the password is right and the code comes after adding.
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await text(dialog.getByTestId('profile-error')).toContain('The password is right.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await hidden(dialog);

    // The code dialog opens by itself.
    const tfa = page.getByRole('dialog', { name: 'Two-factor login: Secure lab' });
    await visible(tfa);
    await text(tfa).toContain('Enter the code your authenticator app shows for tfa@pve.');
    const field = tfa.getByRole('textbox', { name: 'TOTP code' });
    const good = totpCode(t.totpSecret, Math.floor(Date.now() / 1000));
    await field.fill(good === '000000' ? '111111' : '000000');
    await tfa.getByRole('button', { name: 'Log in' }).click();
    await text(tfa.locator('.mantine-InputWrapper-error')).toBe(
      'This code was not accepted (authentication failure). Check the code (and the clock of your authenticator) and try again.',
    );

    await field.fill(totpCode(t.totpSecret, Math.floor(Date.now() / 1000)));
    await tfa.getByRole('button', { name: 'Log in' }).click();
    await hidden(tfa);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await visible(tree.getByRole('treeitem', { name: 'pve1, online' }));
    // Not asked again once logged in.
    expect(await page.getByRole('dialog', { name: /^Two-factor login/ }).count()).toBe(0);
  });
});
