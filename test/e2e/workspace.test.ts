// The workspace in Chromium: tree | detail and consoles | log panel over the tasks strip. Dividers
// drag (mouse and keyboard) and the sizes survive a reload; the log panel and the tasks strip
// collapse and come back by key (even from inside a terminal) and by button; a tab bar with more
// consoles than fit keeps the active tab in view and lists every tab in its "N more" menu.

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attribute, hidden, openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();

async function width(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  return box?.width ?? 0;
}

async function height(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  return box?.height ?? 0;
}

/** Poll a number (a size) until it matches. */
function size(read: () => Promise<number>) {
  return expect.poll(read, { timeout: UI_TIMEOUT });
}

/** Drag a divider by `dx`/`dy` pixels with the mouse, in small steps as a hand would. */
async function drag(page: Page, divider: Locator, dx: number, dy: number): Promise<void> {
  const box = await divider.boundingBox();
  if (!box) throw new Error('divider not on screen');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

/** Whether `inner` lies wholly inside `outer` horizontally (on screen, not scrolled away). */
async function horizontallyInside(inner: Locator, outer: Locator): Promise<boolean> {
  const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
  if (!a || !b) return false;
  return a.x >= b.x - 1 && a.x + a.width <= b.x + b.width + 1;
}

const CONTAINERS = ['dns01', 'git', 'grafana', 'pihole', 'jellyfin', 'minio', 'proxy01'];

describe('workspace', () => {
  it('has no panes before the first cluster; dividers drag and are remembered after a reload', async () => {
    const stack = await newStack();
    const { page } = stack;
    await visible(page.getByRole('button', { name: 'Explore the Demo cluster' }));
    // The Welcome screen is the whole window: no empty tree, log or tasks panes, no dividers.
    expect(await page.getByRole('separator').count()).toBe(0);
    expect(await page.getByTestId('tree-pane').count()).toBe(0);
    expect(await page.getByTestId('tasks-strip').count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Layout' }).count()).toBe(0);

    await openDemo(stack);
    const tree = page.getByTestId('tree-pane');
    const logs = page.getByTestId('log-pane');
    const tasks = page.getByTestId('tasks-strip');
    await visible(logs);
    const treeBefore = await width(tree);
    const logsBefore = await width(logs);
    const tasksBefore = await height(tasks);
    expect(treeBefore).toBeGreaterThan(200);

    await drag(page, page.getByRole('separator', { name: 'Resize the resource tree' }), 120, 0);
    await size(() => width(tree)).toBeGreaterThan(treeBefore + 100);
    await drag(page, page.getByRole('separator', { name: 'Resize the log panel' }), -80, 0);
    await size(() => width(logs)).toBeGreaterThan(logsBefore + 60);
    // The tasks strip's divider from the keyboard: focus it, arrows move it.
    const tasksDivider = page.getByRole('separator', { name: 'Resize the tasks strip' });
    await tasksDivider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await size(() => height(tasks)).toBeGreaterThan(tasksBefore + 20);

    const treeAfter = await width(tree);
    const logsAfter = await width(logs);
    const tasksAfter = await height(tasks);
    await page.reload();
    await visible(page.getByRole('treeitem', { name: 'pve1, online' }));
    await size(async () => Math.round(await width(tree))).toBeCloseTo(treeAfter, -1);
    expect(Math.abs((await width(logs)) - logsAfter)).toBeLessThan(3);
    expect(Math.abs((await height(tasks)) - tasksAfter)).toBeLessThan(3);
    expect(stack.pageErrors).toEqual([]);
  });

  it('collapses the log panel and the tasks strip by key and by button, and restores them', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const logs = page.getByTestId('log-pane');
    const tasks = page.getByTestId('tasks-strip');
    const logsToggle = page.getByRole('button', { name: 'Log panel' });
    const tasksToggle = page.getByRole('button', { name: 'Tasks strip' });
    await visible(logs);
    const logsWidth = await width(logs);
    const tasksHeight = await height(tasks);
    expect(await logsToggle.getAttribute('aria-keyshortcuts')).toBe('Control+Shift+L');
    await attribute(logsToggle, 'aria-pressed').toBe('true');

    await page.keyboard.press('Control+Shift+L');
    await hidden(logs);
    await attribute(logsToggle, 'aria-pressed').toBe('false');
    // The detail takes the room.
    await visible(page.getByTestId('center-pane'));
    await page.keyboard.press('Control+Shift+L');
    await visible(logs);
    await size(() => width(logs)).toBeCloseTo(logsWidth, 0);

    await page.keyboard.press('Control+Shift+K');
    await hidden(tasks);
    await attribute(tasksToggle, 'aria-pressed').toBe('false');
    await tasksToggle.click();
    await visible(tasks);
    await size(() => height(tasks)).toBeCloseTo(tasksHeight, 0);

    // The tree too (Ctrl+Shift+E); its button or Ctrl+F (to filter it) bring it back.
    const treePane = page.getByTestId('tree-pane');
    await page.keyboard.press('Control+Shift+E');
    await hidden(treePane);
    await page.getByRole('button', { name: 'Resource tree' }).click();
    await visible(page.getByRole('treeitem', { name: 'pve1, online' }));
    await page.keyboard.press('Control+Shift+E');
    await hidden(treePane);
    await page.keyboard.press('Control+f');
    await visible(treePane);
    await expect
      .poll(() => treePane.getByRole('textbox').evaluate((el) => el === document.activeElement))
      .toBe(true);

    // Collapsed is remembered too.
    await logsToggle.click();
    await hidden(logs);
    await page.reload();
    await visible(page.getByRole('treeitem', { name: 'pve1, online' }));
    await attribute(page.getByRole('button', { name: 'Log panel' }), 'aria-pressed').toBe('false');
    expect(await width(logs)).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });

  it('keeps the active console tab in view and lists every tab in the overflow menu', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    const tablist = page.getByRole('tablist', { name: 'Views' });
    for (const name of CONTAINERS) {
      const row = page.getByRole('treeitem', { name: new RegExp(`^${name} \\(\\d+\\)$`) });
      await attribute(row, 'data-status').toBe('running');
      await row.dblclick();
      await attribute(
        page.getByRole('tab', { name: new RegExp(`^${name}`) }),
        'aria-selected',
      ).toBe('true');
    }
    const scroller = tablist.locator('..');
    const last = page.getByRole('tab', { name: /^proxy01/ });
    // More tabs than fit: the newest (active) one is scrolled into view, the first ones are not.
    await expect.poll(() => horizontallyInside(last, scroller), { timeout: UI_TIMEOUT }).toBe(true);
    expect(await horizontallyInside(page.getByRole('tab', { name: 'Details' }), scroller)).toBe(
      false,
    );
    // No tab is squeezed to a stub.
    for (const w of await tablist
      .locator('[data-overflow-tab]')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width)))
      expect(w).toBeGreaterThanOrEqual(96);

    const more = page.getByRole('button', { name: /more tabs: list all$/ });
    await visible(more);
    const hiddenCount = Number(/^(\d+)/.exec((await more.textContent()) ?? '')?.[1]);
    expect(hiddenCount).toBeGreaterThan(0);
    await more.click();
    const items = page.getByRole('menuitem');
    await text(page.getByRole('menu')).toContain('Details');
    expect(await items.allTextContents()).toEqual([
      'Details',
      ...CONTAINERS.map((n) => expect.stringContaining(n) as unknown as string),
    ]);
    await items.filter({ hasText: 'dns01' }).click();
    const first = page.getByRole('tab', { name: /^dns01/ });
    await attribute(first, 'aria-selected').toBe('true');
    await expect
      .poll(() => horizontallyInside(first, scroller), { timeout: UI_TIMEOUT })
      .toBe(true);

    // The workspace keys work with a terminal focused, and the terminal keeps working.
    const panel = page.locator(`[id="${await first.getAttribute('aria-controls')}"]`);
    await panel.getByTestId('terminal').click();
    await page.keyboard.press('Control+Shift+L');
    await hidden(page.getByTestId('log-pane'));
    await page.keyboard.type('echo ws-$((6*7))');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => panel.locator('.xterm-rows').innerText(), { timeout: UI_TIMEOUT })
      .toContain('ws-42');
    expect(stack.pageErrors).toEqual([]);
  });
});
