// The log side panel in Chromium against the demo cluster: a container's journal followed live,
// paused by scrolling up (unread count) and resumed, filtered to errors; a running task's log
// opened from the tasks strip, followed until it ends with its status.

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attribute, hidden, openDemo, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();

/** The message texts of the rows in view (the list is virtualised). */
function rowTexts(panel: Locator): Promise<string[]> {
  return panel.locator('.log-row .log-text').allInnerTexts();
}

async function lastRow(panel: Locator): Promise<string> {
  const rows = await rowTexts(panel);
  return rows[rows.length - 1] ?? '';
}

/** The number in "N new · Jump to live", 0 when there is none. */
async function unread(page: Page): Promise<number> {
  const label =
    (await page
      .getByTestId('log-jump-live')
      .textContent()
      .catch(() => '')) ?? '';
  const m = /^([\d,]+) new/.exec(label);
  return m ? Number(m[1]!.replace(/,/g, '')) : 0;
}

describe('the log side panel', () => {
  it('follows a container journal, pauses on scroll-up with an unread count, jumps back, filters to errors', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await tree.getByRole('treeitem', { name: 'proxy01 (101)' }).click();

    // The "+" menu opens the selection's logs.
    await page.getByRole('button', { name: 'Open a log' }).click();
    await page.getByRole('menuitem', { name: 'Journal', exact: true }).first().click();
    const panel = page.getByTestId('log-panel');
    await visible(panel.getByRole('tab', { name: /CT 101 .*journal/ }));
    await attribute(panel.getByTestId('log-state'), 'data-state').toBe('following');
    const rows = panel.getByTestId('log-rows');
    await visible(rows.locator('.log-row').first());

    // A new entry appears while following.
    const before = await lastRow(panel);
    await expect.poll(() => lastRow(panel), { timeout: UI_TIMEOUT }).not.toBe(before);
    await attribute(rows, 'data-following').toBe('true');

    // Enough lines to scroll, then scroll up: paused, and the unread count grows.
    await expect
      .poll(async () => rows.evaluate((el) => el.scrollHeight > el.clientHeight + 300), {
        timeout: 60_000,
      })
      .toBe(true);
    await rows.hover();
    await page.mouse.wheel(0, -600);
    await attribute(rows, 'data-following').toBe('false');
    await attribute(panel.getByTestId('log-state'), 'data-state').toBe('paused');
    await expect.poll(() => unread(page), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
    const first = await unread(page);
    await expect.poll(() => unread(page), { timeout: UI_TIMEOUT }).toBeGreaterThan(first);

    // Jump to live: following again, at the bottom.
    await page.getByTestId('log-jump-live').click();
    await attribute(rows, 'data-following').toBe('true');
    await attribute(panel.getByTestId('log-state'), 'data-state').toBe('following');
    await expect
      .poll(() => rows.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop))
      .toBeLessThanOrEqual(8);

    // Filter to errors: only error rows stay.
    await panel.getByLabel('Minimum level').click();
    await page.getByRole('option', { name: 'Errors', exact: true }).click();
    await expect
      .poll(
        async () => {
          const tones = await rows
            .locator('.log-row')
            .evaluateAll((els) => els.map((el) => el.getAttribute('data-tone')));
          return tones.length > 0 && tones.every((t) => t === 'error');
        },
        { timeout: 60_000 },
      )
      .toBe(true);

    // An invalid regular expression says so, inline.
    await panel.getByRole('button', { name: 'Regular expression', exact: true }).click();
    await panel.getByRole('textbox', { name: 'Filter lines' }).fill('a(b');
    await expect
      .poll(() => panel.getByTestId('log-filter-error').textContent())
      .toBe('Invalid regular expression: /a(b/i: Unterminated group');
    expect(stack.pageErrors).toEqual([]);
  }, 120_000);

  it("opens a running task's log from the tasks strip and follows it to its end", async () => {
    // Real task durations, so the start is still running when its row is clicked.
    const stack = await newStack({ demo: { taskTimeScale: 1 } });
    const { page } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await tree.getByRole('treeitem', { name: 'backup-proxy (118)' }).click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Start' })
      .click();
    const strip = page.getByTestId('tasks-strip');
    const running = strip.getByRole('button', { name: /^Start CT 118 \(backup-proxy\), running/ });
    await visible(running);
    await running.click();

    const panel = page.getByTestId('log-panel');
    const tab = panel.getByRole('tab', { selected: true });
    await expect.poll(() => tab.textContent(), { timeout: UI_TIMEOUT }).toMatch(/118/);
    const state = panel.getByTestId('log-state');
    await expect
      .poll(() => state.getAttribute('data-state'), { timeout: UI_TIMEOUT })
      .toMatch(/following|task-ok/);
    // It ends with its final status, and the whole log.
    await attribute(state, 'data-state', 60_000).toBe('task-ok');
    await expect.poll(() => state.textContent()).toBe('OK');
    await expect.poll(() => rowTexts(panel)).toContain('TASK OK');
    expect(stack.pageErrors).toEqual([]);
  });

  it('stops a running task from its log, after asking', async () => {
    // Slow tasks: the start runs long enough to be stopped.
    const stack = await newStack({ demo: { taskTimeScale: 5 } });
    const { page } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    await tree.getByRole('treeitem', { name: 'backup-proxy (118)' }).click();
    await page
      .getByRole('toolbar', { name: 'Power actions' })
      .getByRole('button', { name: 'Start' })
      .click();
    const strip = page.getByTestId('tasks-strip');
    await strip.getByRole('button', { name: /^Start CT 118 \(backup-proxy\), running/ }).click();
    const panel = page.getByTestId('log-panel');
    await panel.getByRole('button', { name: 'Stop task' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop the task?' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Stop task' }).click();
    const state = panel.getByTestId('log-state');
    await attribute(state, 'data-state', 60_000).toBe('task-failed');
    await hidden(panel.getByRole('button', { name: 'Stop task' }));
    expect(stack.pageErrors).toEqual([]);
  });

  it('loads older entries at the top without the view jumping, and pops a stream out into its own window', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    await page
      .getByRole('tree', { name: 'Resources' })
      .getByRole('treeitem', { name: 'pve1, online' })
      .click();
    await page.getByRole('button', { name: 'Open a log' }).click();
    await page.getByRole('menuitem', { name: 'Journal', exact: true }).click();
    const panel = page.getByTestId('log-panel');
    const rows = panel.getByTestId('log-rows');
    await attribute(panel.getByTestId('log-state'), 'data-state').toBe('following');
    await expect
      .poll(async () => Number(await rows.getAttribute('data-rows')))
      .toBeGreaterThan(100);
    const held = Number(await rows.getAttribute('data-rows'));

    // To the top: older entries come in front, and the row that was at the top stays there (it
    // is now row k, k the number of older rows loaded; a line or two may have come at the end).
    await rows.hover();
    await page.mouse.wheel(0, -100_000);
    await expect
      .poll(async () => Number(await rows.getAttribute('data-rows')), { timeout: UI_TIMEOUT })
      .toBeGreaterThan(held + 50);
    const now = Number(await rows.getAttribute('data-rows'));
    const topIndex = await rows.evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      const row = [...el.querySelectorAll<HTMLElement>('.log-row')].find(
        (r) => r.getBoundingClientRect().bottom > top + 2,
      );
      return Number(row?.dataset.index ?? -1);
    });
    const loaded = now - held;
    expect(topIndex).toBeGreaterThanOrEqual(loaded - 3);
    expect(topIndex).toBeLessThanOrEqual(loaded);
    await attribute(rows, 'data-following').toBe('false');

    // Pop out: a window of its own follows the same journal.
    const popped = page.context().waitForEvent('page');
    await panel.getByRole('button', { name: 'Log view options' }).click();
    await page.getByRole('menuitem', { name: 'Pop out into a window' }).click();
    const win = await popped;
    await win.waitForLoadState();
    expect(decodeURIComponent(new URL(win.url()).hash)).toContain('"kind":"node-journal"');
    await attribute(win.getByTestId('log-state'), 'data-state').toBe('following');
    await visible(win.getByTestId('log-rows').locator('.log-row').first());
    await win.close();
    expect(stack.pageErrors).toEqual([]);
  }, 90_000);
});
