// Saved secrets as the user meets them, with the browser host's file-backed store (a key file
// beside the secrets, so a weak backend): a file that cannot be read is reported once and kept
// aside; "store anyway" is the user's choice, warned, and what it writes holds no plaintext.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedSecretStore } from '../../electron/core';
import { KeyFileCipher } from '../../electron/serve/key-file-cipher';
import { hidden, text, visible, useStack } from './harness';

const newStack = useStack();
let dir: string;

function fileStore(): EncryptedSecretStore {
  return new EncryptedSecretStore({
    file: path.join(dir, 'secrets.json'),
    cipher: new KeyFileCipher(path.join(dir, 'secrets.key')),
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deckhand-e2e-secrets-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saved secrets', () => {
  it('reports a saved-secrets file that cannot be read, once, and keeps it aside', async () => {
    await writeFile(path.join(dir, 'secrets.json'), '{"profile:x:password": "v1:os:AAAA');
    const { page } = await newStack({ secretStore: fileStore() });

    const banner = page.getByTestId('secrets-problem');
    await visible(banner);
    const aside = (await readdir(dir)).find((f) => f.startsWith('secrets.json.corrupt-'));
    expect(aside).toBeDefined();
    await text(banner).toBe(
      `The saved passwords and tokens could not be read, so the file was kept as ${aside} and a new one started. Enter the password or token of each profile again (Edit credentials).Dismiss`,
    );
    expect(await readFile(path.join(dir, aside!), 'utf8')).toBe(
      '{"profile:x:password": "v1:os:AAAA',
    );

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await hidden(banner);
    // Dismissed for good: a reload does not bring it back.
    await page.reload();
    await visible(page.getByRole('button', { name: 'Add your Proxmox VE cluster' }));
    expect(await page.getByTestId('secrets-problem').count()).toBe(0);
  });

  it('keeps a new secret for this session unless the user stores it anyway, warned', async () => {
    const stack = await newStack({ secretStore: fileStore() });
    const { page, demo } = stack;
    const { tokenId, secret } = demo.credentials.token;

    await page.getByRole('button', { name: 'Add your Proxmox VE cluster' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a Proxmox VE cluster' });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Lab');
    const urlField = dialog.getByRole('textbox', { name: 'URL', exact: true });
    await urlField.fill(demo.url);
    await urlField.press('Tab');
    await dialog.getByText('API token', { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Token ID', exact: true }).fill(tokenId);
    await dialog.getByTestId('profile-secret').fill(secret);

    // By default: this session only, and the dialog says so.
    await text(dialog.getByTestId('secrets-memory-note')).toBe(
      'Deckhand keeps this password or secret in memory for this session unless you store it (below).',
    );
    const choice = dialog.getByRole('checkbox', {
      name: 'Store passwords and tokens on disk anyway',
    });
    expect(await choice.isChecked()).toBe(false);
    await visible(
      dialog.getByText(
        'The key would be kept in the data directory beside the secrets: anyone who can read that directory could read them.',
        { exact: true },
      ),
    );

    await choice.check();
    // Stored now: the memory note goes.
    await hidden(dialog.getByTestId('secrets-memory-note'));

    const review = dialog.getByTestId('certificate-review');
    await visible(review);
    await review.getByRole('checkbox', { name: 'I have verified this fingerprint' }).check();
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await visible(dialog.getByTestId('profile-test-result'));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await hidden(dialog);
    await visible(
      page.getByRole('tree', { name: 'Resources' }).getByRole('treeitem', { name: 'Lab' }),
    );

    // On disk: the choice and the token, encrypted and tagged, never as plaintext.
    const body = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as {
      weakPolicy: string;
      secrets: Record<string, string>;
    };
    expect(body.weakPolicy).toBe('store');
    const values = Object.values(body.secrets);
    expect(values).toHaveLength(1);
    expect(values[0]).toMatch(/^v1:key-file:[A-Za-z0-9+/=]+$/);
    expect(JSON.stringify(body)).not.toContain(secret);
    // And a new store (the next start) reads it back.
    expect(await fileStore().get(Object.keys(body.secrets)[0]!)).toBe(secret);
  });
});
