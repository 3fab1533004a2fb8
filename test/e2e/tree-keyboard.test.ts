// The resource tree from the keyboard: `/` to filter (tag:, status:, node:, a vmid, node and profile
// names), Escape to clear, arrows and pages to move (the detail follows), type-ahead, Enter to open.
// Expected sets come from the cluster's own API, not from the UI.

import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { attribute, openDemo, text, visible, useStack, UI_TIMEOUT } from './harness';
import { apiGuests, type ApiGuest } from './pve';

const newStack = useStack();

const label = (g: ApiGuest): string => `${g.name ?? `VM ${g.vmid}`} (${g.vmid})`;
const tagsOf = (g: ApiGuest): string[] => (g.tags ?? '').split(/[;, ]+/).filter(Boolean);

/** The guest rows the tree shows, by their accessible names, sorted. */
function guestRows(tree: Locator): Promise<string[]> {
  return tree
    .locator('[role="treeitem"][aria-level="3"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '').sort());
}

/** Every row in display order, and the one that is selected. */
function rowsInOrder(tree: Locator): Promise<{ labels: string[]; selected: number }> {
  return tree.locator('[role="treeitem"]').evaluateAll((els) => {
    const sorted = [...els].sort(
      (a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top,
    );
    return {
      labels: sorted.map((e) => e.getAttribute('aria-label') ?? ''),
      selected: sorted.findIndex((e) => e.getAttribute('aria-selected') === 'true'),
    };
  });
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

async function expectOnly(tree: Locator, labels: string[]): Promise<void> {
  await expect.poll(() => guestRows(tree), { timeout: UI_TIMEOUT }).toEqual([...labels].sort());
}

async function filterBy(page: Page, filter: Locator, value: string): Promise<void> {
  await page.keyboard.press('/');
  await expect.poll(() => isFocused(filter), { timeout: UI_TIMEOUT }).toBe(true);
  await page.keyboard.type(value);
}

describe('tree filter and keyboard', () => {
  it('filters by tag, status, node and vmid, and Escape brings everything back', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const guests = await apiGuests(demo);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const filter = page.getByRole('textbox', { name: 'Filter resources' });
    await visible(tree.getByRole('treeitem', { name: 'web01 (100)' }));
    const unfiltered = await guestRows(tree);

    const expectRows = (want: ApiGuest[]) =>
      expect.poll(() => guestRows(tree), { timeout: UI_TIMEOUT }).toEqual(want.map(label).sort());

    // `/` from anywhere (not typed into a field) focuses the filter.
    await filterBy(page, filter, 'tag:prod');
    const prod = guests.filter((g) => tagsOf(g).includes('prod'));
    expect(prod.length).toBeGreaterThan(3);
    await expectRows(prod);

    await filter.fill('status:stopped');
    const stopped = guests.filter((g) => g.status === 'stopped');
    await expectRows(stopped);
    for (const row of await tree.locator('[role="treeitem"][aria-level="3"]').all()) {
      expect(await row.getAttribute('data-status')).toBe('stopped');
    }

    await filter.fill('node:pve2');
    await expectRows(guests.filter((g) => g.node === 'pve2'));
    // Only pve2's branch is left.
    await expect
      .poll(() => tree.locator('[role="treeitem"][aria-level="2"]').count(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(1);
    await visible(tree.getByRole('treeitem', { name: 'pve2, online' }));

    const target = guests.find((g) => g.vmid === 122)!;
    await filter.fill(String(target.vmid));
    await expectRows([target]);

    await filter.fill('tag:no-such-tag');
    await visible(tree.getByText('No matches'));

    // Escape clears the filter: the whole tree is back.
    await filter.press('Escape');
    await expect.poll(() => filter.inputValue(), { timeout: UI_TIMEOUT }).toBe('');
    await expect.poll(() => guestRows(tree), { timeout: UI_TIMEOUT }).toEqual(unfiltered);
    await visible(tree.getByRole('treeitem', { name: /^pve3, offline/ }));

    // Combined terms must all match; the clear button clears too.
    await filter.fill('tag:prod status:running node:pve1');
    await expectRows(
      guests.filter(
        (g) => tagsOf(g).includes('prod') && g.status === 'running' && g.node === 'pve1',
      ),
    );
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await expect.poll(() => guestRows(tree), { timeout: UI_TIMEOUT }).toEqual(unfiltered);
    expect(stack.pageErrors).toEqual([]);
  });

  it('moves the selection with the arrow keys and opens a guest with Enter', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const guests = await apiGuests(demo);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const filter = page.getByRole('textbox', { name: 'Filter resources' });

    // Filter, then Enter hands the keyboard to the tree.
    await filterBy(page, filter, 'tag:prod');
    const prodCount = guests.filter((g) => tagsOf(g).includes('prod')).length;
    await expect.poll(async () => (await guestRows(tree)).length).toBe(prodCount);
    await filter.press('Enter');
    await expect.poll(() => isFocused(tree), { timeout: UI_TIMEOUT }).toBe(true);

    const start = await rowsInOrder(tree);
    expect(start.labels[0]).toBe('Demo cluster');
    expect(start.selected).toBe(0); // the opened profile

    // Down, down: the node, then its first guest; each time exactly one row is selected.
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(1);
    expect(start.labels[1]).toMatch(/^pve\d, online$/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(2);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(3);
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(2);
    expect(await tree.locator('[aria-selected="true"]').count()).toBe(1);

    const chosenLabel = start.labels[2]!;
    const chosen = guests.find((g) => label(g) === chosenLabel)!;
    expect(chosen).toBeDefined();
    expect(tagsOf(chosen)).toContain('prod');

    // Enter opens its detail, live: name and state as the cluster reports them.
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('guest-detail');
    await visible(detail);
    await text(detail.getByRole('heading', { level: 3 })).toBe(chosen.name);
    await attribute(detail.getByTestId('guest-status'), 'data-status').toBe(chosen.status);
    await attribute(tree.getByRole('treeitem', { name: chosenLabel }), 'aria-selected').toBe(
      'true',
    );

    // Home/End jump to the first and last row.
    await tree.focus();
    await page.keyboard.press('End');
    await expect
      .poll(async () => {
        const r = await rowsInOrder(tree);
        return r.selected === r.labels.length - 1;
      })
      .toBe(true);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(0);

    // Without a filter (which keeps every branch open), Left collapses the selected node and
    // its guests leave the tree; Right expands it again.
    await filter.fill('');
    const node = tree.getByRole('treeitem', { name: start.labels[1]! });
    await node.click();
    await tree.focus();
    await attribute(node, 'aria-selected').toBe('true');
    await attribute(node, 'aria-expanded').toBe('true');
    const expanded = (await rowsInOrder(tree)).labels.length;
    await page.keyboard.press('ArrowLeft');
    await attribute(node, 'aria-expanded').toBe('false');
    await expect.poll(async () => (await rowsInOrder(tree)).labels.length).toBeLessThan(expanded);
    expect((await rowsInOrder(tree)).labels).not.toContain(chosenLabel);
    await page.keyboard.press('ArrowRight');
    await attribute(node, 'aria-expanded').toBe('true');
    await expect.poll(async () => (await rowsInOrder(tree)).labels.length).toBe(expanded);
    expect(stack.pageErrors).toEqual([]);
  });

  it('finds a node or profile by name, with a match count and a syntax hint', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const guests = await apiGuests(demo);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const filter = page.getByRole('textbox', { name: 'Filter resources' });
    const count = page.getByTestId('tree-filter-count');
    await visible(tree.getByRole('treeitem', { name: 'web01 (100)' }));
    const all = await guestRows(tree);
    await text(count).toBe('');

    // A node's name: that node shows with every guest it has, and nothing else.
    await filterBy(page, filter, 'pve1');
    const onPve1 = guests.filter((g) => g.node === 'pve1');
    expect(onPve1.length).toBeGreaterThan(3);
    await expect
      .poll(() => guestRows(tree), { timeout: UI_TIMEOUT })
      .toEqual(onPve1.map(label).sort());
    expect(await tree.locator('[role="treeitem"][aria-level="2"]').count()).toBe(1);
    await text(count).toBe(`${onPve1.length} matches`);

    // The profile's name: the whole profile.
    await filter.fill('demo');
    await expect.poll(() => guestRows(tree), { timeout: UI_TIMEOUT }).toEqual(all);
    await text(count).toBe(`${guests.length} matches`);

    await filter.fill('tag:no-such-tag');
    await text(count).toBe('No matches');
    const web01 = guests.find((g) => g.vmid === 100)!;
    await filter.fill('vmid:100');
    await text(count).toBe('1 match');
    await expectOnly(tree, [label(web01)]);

    // The "?" beside the box lists what the filter understands.
    await page.getByRole('button', { name: 'Filter syntax' }).click();
    const help = page.getByRole('dialog');
    await visible(help);
    for (const term of ['tag:prod', 'status:running', 'node:pve1', '101', 'web']) {
      await visible(help.getByText(term, { exact: true }));
    }
    expect(stack.pageErrors).toEqual([]);
  });

  it('the detail follows the arrows; PageUp/PageDown move a page; typing jumps to a name', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const guests = await apiGuests(demo);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const filter = page.getByRole('textbox', { name: 'Filter resources' });
    await visible(tree.getByRole('treeitem', { name: 'web01 (100)' }));
    await tree.getByRole('treeitem', { name: 'Demo cluster' }).click();
    await tree.focus();
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(0);

    // Down twice: the node's detail, then the first guest's, without Enter.
    const start = await rowsInOrder(tree);
    await page.keyboard.press('ArrowDown');
    await visible(page.getByTestId('node-detail'));
    await page.keyboard.press('ArrowDown');
    const first = guests.find((g) => label(g) === start.labels[2])!;
    const detail = page.getByTestId('guest-detail');
    await text(detail.getByRole('heading', { level: 3 })).toBe(first.name);
    await page.keyboard.press('ArrowDown');
    const second = guests.find((g) => label(g) === start.labels[3])!;
    await text(detail.getByRole('heading', { level: 3 })).toBe(second.name);

    // A page is the rows that fit in the tree, less one (the row kept for context).
    const pageRows = await tree.evaluate((el) => {
      const row = el.querySelector('[role="treeitem"]')!.getBoundingClientRect().height;
      return Math.max(1, Math.floor(el.clientHeight / row) - 1);
    });
    expect(pageRows).toBeGreaterThan(5);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(0);
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(pageRows);
    const paged = (await rowsInOrder(tree)).labels[pageRows]!;
    const pagedGuest = guests.find((g) => label(g) === paged);
    if (pagedGuest) await text(detail.getByRole('heading', { level: 3 })).toBe(pagedGuest.name);
    await page.keyboard.press('PageUp');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(0);
    await visible(page.getByTestId('profile-detail'));

    // Type-ahead: letters typed into the tree jump to the next row whose name starts with them.
    const target = guests
      .filter((g) => g.node === 'pve2' && g.name)
      .sort((a, b) => a.vmid - b.vmid)
      .find((g) => {
        const prefix = g.name!.slice(0, 3).toLowerCase();
        return !guests.some((o) => o !== g && (o.name ?? '').toLowerCase().startsWith(prefix));
      })!;
    expect(target).toBeDefined();
    await page.keyboard.type(target.name!.slice(0, 3));
    await attribute(tree.getByRole('treeitem', { name: label(target) }), 'aria-selected').toBe(
      'true',
    );
    await text(detail.getByRole('heading', { level: 3 })).toBe(target.name);
    expect(await tree.locator('[aria-selected="true"]').count()).toBe(1);
    expect(await isFocused(tree)).toBe(true);

    // `/` still goes to the filter.
    await page.keyboard.press('/');
    await expect.poll(() => isFocused(filter), { timeout: UI_TIMEOUT }).toBe(true);
    expect(await filter.inputValue()).toBe('');
    expect(stack.pageErrors).toEqual([]);
  });
  it('marks guests from the keyboard: all matching, Space, Shift+arrows, Escape', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const guests = await apiGuests(demo);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const filter = page.getByRole('textbox', { name: 'Filter resources' });
    const marked = tree.locator('[role="treeitem"][data-marked]');
    const bar = page.getByRole('region', { name: 'Selection' });

    await filterBy(page, filter, 'tag:prod');
    const prodCount = guests.filter((g) => tagsOf(g).includes('prod')).length;
    await expect.poll(async () => (await guestRows(tree)).length).toBe(prodCount);
    await filter.press('Enter');
    await expect.poll(() => isFocused(tree), { timeout: UI_TIMEOUT }).toBe(true);

    // Ctrl+A marks every guest the filter shows, and only those.
    await page.keyboard.press('Control+A');
    await expect.poll(() => marked.count(), { timeout: UI_TIMEOUT }).toBe(prodCount);
    await visible(bar.getByText(`${String(prodCount)} selected`, { exact: true }));
    await page.keyboard.press('Escape');
    await expect.poll(() => marked.count(), { timeout: UI_TIMEOUT }).toBe(0);

    // Down to the first guest; Space marks it, Shift+Down takes the next one too.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await rowsInOrder(tree)).selected).toBe(2);
    const { labels } = await rowsInOrder(tree);
    await page.keyboard.press(' ');
    await expect.poll(() => marked.count(), { timeout: UI_TIMEOUT }).toBe(1);
    await page.keyboard.press('Shift+ArrowDown');
    await expect
      .poll(() => marked.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
      .toEqual([labels[2], labels[3]]);
    // Space again takes the row under the cursor back out.
    await page.keyboard.press(' ');
    await expect
      .poll(() => marked.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
      .toEqual([labels[2]]);
    expect(stack.pageErrors).toEqual([]);
  });
});
