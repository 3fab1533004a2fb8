// The page's link to Deckhand's backend (the browser host): a host that goes away under an open
// console, the same host coming back, and a host restarted with a new token.

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attribute, hidden, openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();

/** Seconds, not the generic UI timeout: a tab that keeps "Connected" for long is the bug. */
const WITHIN_SECONDS = 5_000;

async function panelOf(page: Page, label: RegExp): Promise<Locator> {
  const tab = page.getByRole('tab', { name: label });
  await visible(tab);
  const panelId = await tab.getAttribute('aria-controls');
  if (!panelId) throw new Error('console tab without a panel');
  return page.locator(`[id="${panelId}"]`);
}

function terminal(panel: Locator) {
  return expect.poll(
    () =>
      panel
        .locator('.xterm-rows')
        .innerText({ timeout: 1000 })
        .catch(() => ''),
    { timeout: UI_TIMEOUT },
  );
}

async function run(page: Page, panel: Locator, command: string): Promise<void> {
  await panel.getByTestId('terminal').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

describe('the link to the browser host', () => {
  it('shows consoles and profiles as not live when the host goes, and recovers when it is back', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const row = page.getByRole('treeitem', { name: /^proxy01 \(\d+\)$/ });
    await attribute(row, 'data-status').toBe('running');
    await row.dblclick();
    const panel = await panelOf(page, /^proxy01/);
    const state = panel.getByTestId('console-state');
    const tab = page.getByRole('tab', { name: /^proxy01/ });
    await attribute(state, 'data-status').toBe('connected');
    await run(page, panel, 'echo before-$((1+1))');
    await terminal(panel).toContain('before-2');

    await stack.stopHost();
    // Within seconds the tab says it is disconnected and why; the profile is no longer live.
    await attribute(state, 'data-status', WITHIN_SECONDS).toBe('disconnected');
    await attribute(tab, 'data-status', WITHIN_SECONDS).toBe('disconnected');
    await text(state, WITHIN_SECONDS).toBe(
      "Disconnected: Lost the connection to Deckhand's backend",
    );
    await visible(page.getByTestId('backend-lost'), WITHIN_SECONDS);
    const profile = page.getByRole('treeitem', { name: 'Demo cluster' });
    await attribute(profile, 'data-stale', WITHIN_SECONDS).toBe('true');
    await attribute(row, 'data-stale', WITHIN_SECONDS).toBe('true');
    // The cluster's last state is not claimed as live: no ONLINE/degraded badge or banner.
    await profile.click();
    await text(page.getByTestId('profile-status')).toBe('not live');
    await hidden(page.getByTestId('profile-banner'));

    // The same host comes back: the page reconnects, and Reconnect opens the console anew.
    await stack.startHost('same');
    await hidden(page.getByTestId('backend-lost'));
    await attribute(profile, 'data-stale').toBe(null);
    await text(state).toBe(
      "Disconnected: Lost the connection to Deckhand's backend; Reconnect opens the console again.",
    );
    await tab.click();
    await panel.getByRole('button', { name: 'Reconnect' }).click();
    // A new console in the same tab (the host closed the old one with the page's socket).
    await attribute(tab, 'data-status').toBe('connected');
    const reopened = await panelOf(page, /^proxy01/);
    await terminal(reopened).toMatch(/root@proxy01:/);
    await run(page, reopened, 'echo after-$((2+3))');
    await terminal(reopened).toContain('after-5');
    expect(stack.pageErrors).toEqual([]);
  });

  it("says plainly that the host restarted when it refuses the page's old token", async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    await stack.stopHost();
    await visible(page.getByTestId('backend-lost'), WITHIN_SECONDS);
    // A new start makes a new token: the page cannot get back in, and says what to do instead.
    await stack.startHost('new');
    const restarted = page.getByTestId('host-restarted');
    await visible(restarted);
    await text(restarted.getByRole('heading')).toBe(
      "Deckhand's browser host restarted: open the new URL it printed",
    );
    // A full-window state: no tree, no live-looking rows, no reconnect banner.
    expect(await page.getByRole('tree', { name: 'Resources' }).count()).toBe(0);
    expect(await page.getByTestId('backend-lost').count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
