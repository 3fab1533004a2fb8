// Console tabs in Chromium against the demo cluster's real shells and VNC server: type into a
// container's shell and read what it printed, resize, a VM's screen that reacts to keys, a
// dropped socket and Reconnect, pop-out, the multi-line paste guard, and closing.

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { attribute, hidden, openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();

/** The panel of the console whose tab is named `label`. */
async function panelOf(page: Page, label: string | RegExp): Promise<Locator> {
  const tab = page.getByRole('tab', { name: label });
  await visible(tab);
  const panelId = await tab.getAttribute('aria-controls');
  if (!panelId) throw new Error('console tab without a panel');
  return page.locator(`[id="${panelId}"]`);
}

function screenText(panel: Locator): Promise<string> {
  return panel
    .locator('.xterm-rows')
    .innerText({ timeout: 1000 })
    .catch(() => '');
}

/** Wait until the terminal's screen matches. */
function terminal(panel: Locator, timeout = UI_TIMEOUT) {
  return expect.poll(() => screenText(panel), { timeout });
}

async function connected(panel: Locator): Promise<void> {
  await attribute(panel.getByTestId('console-state'), 'data-status').toBe('connected');
}

/** Type a command line into the terminal (it has keyboard focus once clicked). */
async function run(page: Page, panel: Locator, command: string): Promise<void> {
  await panel.getByTestId('terminal').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/** The terminal size the shell sees now (`stty size` prints rows then columns). */
async function sttySize(page: Page, panel: Locator, marker: string): Promise<string> {
  await run(page, panel, `echo ${marker}=$(stty size)`);
  const re = new RegExp(`${marker}=(\\d+ \\d+)`);
  await terminal(panel).toMatch(re);
  return re.exec(await screenText(panel))![1]!;
}

/** Ask the shell for its size until it reports one other than `from` (resizes are debounced). */
async function sizeOtherThan(
  page: Page,
  panel: Locator,
  from: string,
  marker: string,
): Promise<string> {
  let attempt = 0;
  return vi.waitFor(
    async () => {
      const size = await sttySize(page, panel, `${marker}${attempt++}`);
      if (size === from) throw new Error(`the shell still reports ${size}`);
      return size;
    },
    { timeout: UI_TIMEOUT, interval: 50 },
  );
}

/** Open the container proxy01's console by double-clicking it in the tree. */
async function openContainerConsole(page: Page): Promise<Locator> {
  const row = page.getByRole('treeitem', { name: /^proxy01 \(\d+\)$/ });
  await attribute(row, 'data-status').toBe('running');
  await row.dblclick();
  const panel = await panelOf(page, /^proxy01/);
  await connected(panel);
  await terminal(panel).toMatch(/root@proxy01:/);
  return panel;
}

/** A cheap fingerprint of the VNC canvas: distinct colours and a checksum of its pixels. */
async function canvasPixels(panel: Locator): Promise<{ colours: number; sum: number } | null> {
  return panel
    .locator('canvas')
    .first()
    .evaluate((el) => {
      const canvas = el as HTMLCanvasElement;
      if (canvas.width === 0 || canvas.height === 0) return null;
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set<number>();
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) {
        const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
        if (colours.size < 64) colours.add(rgb);
        sum = (sum * 31 + rgb) >>> 0;
      }
      return { colours: colours.size, sum };
    })
    .catch(() => null);
}

describe('consoles', () => {
  it('opens a container console, runs a command, follows the window size', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const panel = await openContainerConsole(page);
    const tab = page.getByRole('tab', { name: /^proxy01/ });
    await attribute(tab, 'data-status').toBe('connected');
    expect(await tab.getAttribute('aria-selected')).toBe('true');

    await run(page, panel, 'echo deckhand-$((6*7))');
    await terminal(panel).toContain('deckhand-42');

    const before = await sttySize(page, panel, 'before');
    await page.setViewportSize({ width: 1000, height: 640 });
    // The new size reaches the PTY shortly after the panel changed (debounced).
    const after = await sizeOtherThan(page, panel, before, 'after');
    expect(after).not.toBe(before);
    const [rows, cols] = after.split(' ').map(Number);
    const [rowsBefore, colsBefore] = before.split(' ').map(Number);
    expect(rows!).toBeLessThan(rowsBefore!);
    expect(cols!).toBeLessThan(colsBefore!);

    // Ctrl+= makes the text larger: fewer cells fit, and the shell is told.
    await panel.getByTestId('terminal').click();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Equal');
    const zoomed = await sizeOtherThan(page, panel, after, 'zoom');
    expect(Number(zoomed.split(' ')[1])).toBeLessThan(cols!);

    // The details are one tab away, and selecting in the tree shows them.
    await page.getByRole('tab', { name: 'Details' }).click();
    await visible(page.getByTestId('guest-detail'));
    await tab.click();
    await terminal(panel).toContain('deckhand-42');
    expect(stack.consoleLines.filter((l) => l.includes('Content Security Policy'))).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });

  it('opening the same console again focuses its tab; closing the tab closes the socket', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    await openContainerConsole(page);
    await expect.poll(() => stack.demo.consoleSessions().length, { timeout: UI_TIMEOUT }).toBe(1);

    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('treeitem', { name: /^proxy01 \(\d+\)$/ }).dblclick();
    await attribute(page.getByRole('tab', { name: /^proxy01/ }), 'aria-selected').toBe('true');
    expect(await page.getByRole('tab', { name: /^proxy01/ }).count()).toBe(1);
    expect(stack.demo.consoleSessions().length).toBe(1);

    await page.getByRole('button', { name: /^Close proxy01/ }).click();
    await hidden(page.getByRole('tab', { name: /^proxy01/ }));
    await expect.poll(() => stack.demo.consoleSessions().length, { timeout: UI_TIMEOUT }).toBe(0);
    // With no console left the tab bar goes, and the details show.
    await hidden(page.getByRole('tab', { name: 'Details' }));
    await visible(page.getByTestId('guest-detail'));
    expect(stack.pageErrors).toEqual([]);
  });

  it('reports a dropped socket, reconnects, and the shell works again', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const panel = await openContainerConsole(page);
    await run(page, panel, 'echo first-$((20+1))');
    await terminal(panel).toContain('first-21');

    expect(stack.demo.dropConsoleSockets()).toBe(1);
    const state = panel.getByTestId('console-state');
    await attribute(state, 'data-status').toBe('disconnected');
    await text(state).toMatch(/^Disconnected/);
    await attribute(page.getByRole('tab', { name: /^proxy01/ }), 'data-status').toBe(
      'disconnected',
    );

    await panel.getByRole('button', { name: 'Reconnect' }).click();
    await connected(panel);
    // The old output stays, with a mark where the new connection begins.
    await terminal(panel).toContain('— reconnected —');
    await terminal(panel).toContain('first-21');
    await run(page, panel, 'echo again-$((40+2))');
    await terminal(panel).toContain('again-42');
    expect(stack.pageErrors).toEqual([]);
  });

  it('asks before a multi-line paste, and pastes only when confirmed', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const panel = await openContainerConsole(page);
    const paste = (content: string) =>
      panel.locator('.xterm-helper-textarea').evaluate((el, t) => {
        const data = new DataTransfer();
        data.setData('text/plain', t);
        el.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      }, content);

    await paste('echo cancelled-$((1+1))\necho cancelled-$((2+2))\n');
    const dialog = page.getByRole('dialog', { name: 'Paste 2 lines?' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await hidden(dialog);

    await paste('echo pasted-$((1+1))\necho pasted-$((2+2))\n');
    await visible(dialog);
    expect(await dialog.getByTestId('paste-preview').textContent()).toContain('pasted-$((2+2))');
    await dialog.getByRole('button', { name: 'Paste' }).click();
    await hidden(dialog);
    // bash holds a bracketed paste in its line editor until Enter (other shells run it at once).
    await page.keyboard.press('Enter');
    await terminal(panel).toContain('pasted-4');
    await terminal(panel).toContain('pasted-2');
    expect(await screenText(panel)).not.toContain('cancelled');

    // A single line goes straight in.
    await paste('echo single-$((3+3))');
    await page.keyboard.press('Enter');
    await terminal(panel).toContain('single-6');
    expect(await dialog.isVisible()).toBe(false);
    expect(stack.pageErrors).toEqual([]);
  });

  it('pops a console out into its own window, which takes it over', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const panel = await openContainerConsole(page);
    await run(page, panel, 'echo before-popout-$((3*3))');
    await terminal(panel).toContain('before-popout-9');

    const [popup] = await Promise.all([
      page.context().waitForEvent('page', { timeout: UI_TIMEOUT }),
      panel.getByRole('button', { name: 'Pop out' }).click(),
    ]);
    popup.on('pageerror', (err) => stack.pageErrors.push(`popup: ${err.message}`));
    // The new window shows the console alone, with what the shell printed before.
    const popPanel = popup.getByTestId('console-panel');
    await visible(popPanel);
    await connected(popPanel);
    await terminal(popPanel).toContain('before-popout-9');
    expect(await popup.getByRole('tree').count()).toBe(0);
    // The original window's tab goes.
    await hidden(page.getByRole('tab', { name: /^proxy01/ }));

    await run(popup, popPanel, 'echo in-popout-$((5*5))');
    await terminal(popPanel).toContain('in-popout-25');
    expect(stack.demo.consoleSessions().length).toBe(1);
    await popup.close();
    expect(stack.pageErrors).toEqual([]);
  });

  it("shows a VM's screen, which changes when a key is pressed", async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: 'web01 (100)' });
    await attribute(row, 'data-status').toBe('running');
    await row.dblclick();
    const panel = await panelOf(page, /^web01/);
    expect(await panel.getAttribute('data-protocol')).toBe('vnc');
    await connected(panel);
    await attribute(panel.getByTestId('vnc-screen'), 'data-vnc-state').toBe('connected');

    // Not blank: the screen has drawn more than one colour.
    await expect
      .poll(async () => (await canvasPixels(panel))?.colours ?? 0, { timeout: UI_TIMEOUT })
      .toBeGreaterThan(1);
    const before = await canvasPixels(panel);

    await panel.locator('canvas').first().click();
    await page.keyboard.type('deckhand');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await canvasPixels(panel))?.sum, { timeout: UI_TIMEOUT })
      .not.toBe(before?.sum);

    // "Type text…" types into the VM as key presses.
    const typed = await canvasPixels(panel);
    await panel.getByRole('button', { name: 'Type text' }).click();
    const dialog = page.getByRole('dialog', { name: 'Type text into the VM' });
    await dialog.getByRole('textbox', { name: 'Text to type' }).fill('Root\n');
    await dialog.getByRole('button', { name: 'Type' }).click();
    await hidden(dialog);
    await expect
      .poll(async () => (await canvasPixels(panel))?.sum, { timeout: UI_TIMEOUT })
      .not.toBe(typed?.sum);
    expect(await panel.getByRole('button', { name: 'Ctrl+Alt+Del' }).isEnabled()).toBe(true);
    // noVNC runs under the strict CSP (no eval, no inline script).
    expect(stack.consoleLines.filter((l) => l.includes('Content Security Policy'))).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });

  it('a stopped VM says so and offers Start; once started the screen connects', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: /^win11-desk \(\d+\)$/ });
    await attribute(row, 'data-status').toBe('stopped');
    await row.click();
    await page.getByTestId('guest-detail').getByRole('button', { name: 'Console' }).click();
    await page.getByRole('menuitem', { name: 'Screen' }).click();
    const panel = await panelOf(page, /^win11-desk/);
    const state = panel.getByTestId('console-state');
    await text(state).toMatch(/is stopped/);
    await panel.getByRole('button', { name: 'Start' }).click();
    await attribute(row, 'data-status').toBe('running');
    await connected(panel);
    await attribute(panel.getByTestId('vnc-screen'), 'data-vnc-state').toBe('connected');
    expect(stack.pageErrors).toEqual([]);
  });

  it("opens a VM's serial terminal from the Console menu", async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    // db-primary has a serial port (serial0: socket); web01 has none.
    const row = page.getByRole('treeitem', { name: /^db-primary \(\d+\)$/ });
    await attribute(row, 'data-status').toBe('running');
    await row.click();
    await page.getByTestId('guest-detail').getByRole('button', { name: 'Console' }).click();
    await page.getByRole('menuitem', { name: 'Serial terminal' }).click();
    const panel = await panelOf(page, /^db-primary/);
    expect(await panel.getAttribute('data-protocol')).toBe('terminal');
    await connected(panel);

    // Without a serial port, what `qm terminal` says shows in the terminal.
    await page.getByRole('treeitem', { name: 'web01 (100)' }).click();
    await page.getByTestId('guest-detail').getByRole('button', { name: 'Console' }).click();
    await page.getByRole('menuitem', { name: 'Serial terminal' }).click();
    const none = await panelOf(page, /^web01/);
    await terminal(none).toContain('unable to find a serial interface');
    await attribute(none.getByTestId('console-state'), 'data-status').toBe('disconnected');
    expect(stack.pageErrors).toEqual([]);
  });

  it('a token profile on a server refusing token consoles logs in with a password for them', async () => {
    // Guest consoles accept API tokens only since PVE 9.1.9.
    const stack = await newStack({ demo: { version: '9.0.5' } });
    const { page, demo } = stack;
    const { tokenId, secret } = demo.credentials.token;
    await page.getByRole('button', { name: 'Add your Proxmox VE cluster' }).click();
    const add = page.getByRole('dialog', { name: 'Add a Proxmox VE cluster' });
    await add.getByRole('textbox', { name: 'Name', exact: true }).fill('Old lab');
    const url = add.getByRole('textbox', { name: 'URL', exact: true });
    await url.fill(demo.url);
    await url.press('Tab');
    await add.getByText('API token', { exact: true }).click();
    await add.getByRole('textbox', { name: 'Token ID', exact: true }).fill(tokenId);
    await add.getByTestId('profile-secret').fill(secret);
    await add
      .getByTestId('certificate-review')
      .getByRole('checkbox', { name: 'I have verified this fingerprint' })
      .check();
    await add.getByRole('button', { name: 'Test connection' }).click();
    await visible(add.getByTestId('profile-test-result'));
    await add.getByRole('button', { name: 'Save' }).click();
    await hidden(add);

    const row = page.getByRole('treeitem', { name: /^proxy01 \(\d+\)$/ });
    await attribute(row, 'data-status').toBe('running');
    await row.dblclick();
    const panel = await panelOf(page, /^proxy01/);
    await attribute(panel.getByTestId('console-state'), 'data-remedy').toBe('console-login');
    await panel.getByRole('button', { name: 'Log in for consoles…' }).click();
    const login = page.getByRole('dialog', { name: 'Log in for consoles' });
    await visible(login);
    // Prefilled from the token's user.
    expect(await login.getByRole('textbox', { name: 'User name' }).inputValue()).toBe('root');
    expect(await login.getByRole('textbox', { name: 'Realm' }).inputValue()).toBe('pam');

    await login.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await login.getByRole('button', { name: 'Log in' }).click();
    await text(login).toMatch(/wrong|credentials|failed/i);
    expect(await login.isVisible()).toBe(true);

    await login.getByRole('textbox', { name: 'Password' }).fill(demo.credentials.password);
    await login.getByRole('button', { name: 'Log in' }).click();
    await hidden(login);
    await connected(panel);
    await terminal(panel).toMatch(/root@proxy01:/);
    expect(stack.pageErrors).toEqual([]);
  });

  it("opens a node's shell from the node's details", async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    await visible(page.getByTestId('node-detail'));
    await page.getByRole('button', { name: 'Shell' }).click();
    const panel = await panelOf(page, /pve1/);
    await connected(panel);
    await terminal(panel).toMatch(/root@pve1:/);
    expect(stack.pageErrors).toEqual([]);
  });
});
