// Hostile input in the add-profile dialog: a URL carrying `user:password@` is refused as soon as the
// field is left (core's message, the password masked), nothing is probed or saved, browsers are told
// not to remember the URL or the secrets, and a name with a bidi override is refused.

import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { text, visible, useStack } from './harness';

const newStack = useStack();

async function openDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add your Proxmox VE cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a Proxmox VE cluster' });
  await visible(dialog);
  return dialog;
}

describe('the add-profile dialog with hostile input', () => {
  it('refuses a URL with credentials in it and keeps autofill off the URL and secrets', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    const dialog = await openDialog(page);
    const host = new URL(demo.url).host;
    const urlField = dialog.getByRole('textbox', { name: 'URL', exact: true });
    await urlField.fill(`https://root:pw@${host}`);
    await urlField.press('Tab');

    const refusal = `Invalid server address 'https://***@${host}': credentials do not belong in the URL`;
    await text(dialog.locator('.mantine-InputWrapper-error')).toBe(refusal);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await text(dialog.locator('.mantine-InputWrapper-error').first()).toBe(refusal);
    expect(await dialog.getByTestId('certificate-review').count()).toBe(0);
    expect(await stack.core.handlers['profiles.list']()).toEqual([]);
    expect(await dialog.textContent()).not.toContain('root:pw');

    expect(await urlField.getAttribute('autocomplete')).toBe('off');
    expect(await dialog.getByTestId('profile-password').getAttribute('autocomplete')).toBe(
      'new-password',
    );
    await dialog.getByText('API token', { exact: true }).click();
    expect(await dialog.getByTestId('profile-secret').getAttribute('autocomplete')).toBe(
      'new-password',
    );
  });

  it('refuses a name with a right-to-left override', async () => {
    const stack = await newStack();
    const dialog = await openDialog(stack.page);
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('lab\u202Egnp.exe');
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(stack.demo.url);
    await dialog.getByTestId('profile-password').fill(stack.demo.credentials.password);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await text(dialog.locator('.mantine-InputWrapper-error').first()).toBe(
      'A name cannot contain invisible text-direction characters (U+202E), which make it display reversed',
    );
    expect(await stack.core.handlers['profiles.list']()).toEqual([]);
  });
});
