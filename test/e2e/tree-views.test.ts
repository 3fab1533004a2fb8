// The tree's Tags and Pools views on the demo: the switch above the tree groups the guests by tag
// (a guest under each of its tags, "No tags" last) or by pool ("No pool" last), each group with
// its count as the cluster's own API counts it; a guest opens from a group; tag chips wear the
// cluster's tag-style colours (demo: prod c62828 on ffffff, db 1565c0). The view is remembered.

import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openDemo, useStack, visible, UI_TIMEOUT } from './harness';
import { apiGuests } from './pve';

const newStack = useStack();

/** The group rows the virtualised tree renders, in display order, as "label, n guests". */
function groups(tree: Locator): Promise<string[]> {
  return tree
    .locator('[role="treeitem"][data-group]')
    .evaluateAll((els) =>
      [...els]
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((e) => e.getAttribute('aria-label') ?? ''),
    );
}

/** The rendered groups are the start of `expected` (at least two of them), or what differs. */
async function shownStart(tree: Locator, expected: string[]): Promise<string[] | true> {
  const got = await groups(tree);
  const want = expected.slice(0, Math.max(2, got.length));
  return JSON.stringify(got) === JSON.stringify(want) ? true : got;
}

const guestsLabel = (n: number) => `${n} ${n === 1 ? 'guest' : 'guests'}`;

describe('tree views by tag and by pool', () => {
  it('groups by tag and by pool with counts, opens a guest from a group, colours tags', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const tree = page.getByRole('tree', { name: 'Resources' });
    const all = (await apiGuests(demo)) as Array<
      Awaited<ReturnType<typeof apiGuests>>[number] & { pool?: string }
    >;
    const tagsOf = (tags?: string) => [...new Set((tags ?? '').split(/[;, ]+/).filter(Boolean))];

    // Tags: one group per tag (sorted), then "No tags"; each counts its guests.
    const byTag = new Map<string, number>();
    let untagged = 0;
    for (const g of all) {
      const tags = tagsOf(g.tags);
      if (tags.length === 0) untagged += 1;
      for (const t of tags) byTag.set(t, (byTag.get(t) ?? 0) + 1);
    }
    const tagNames = [...byTag.keys()].sort((a, b) =>
      a.localeCompare(b, undefined, { numeric: true }),
    );
    expect(tagNames).toContain('prod');
    await page.locator('label', { hasText: /^Tags$/ }).click();
    const expectedTags = [
      ...tagNames.map((t) => `${t}, ${guestsLabel(byTag.get(t)!)}`),
      ...(untagged > 0 ? [`No tags, ${guestsLabel(untagged)}`] : []),
    ];
    // The tree is virtualised: what it renders is the start of the list, in order.
    await expect.poll(() => shownStart(tree, expectedTags), { timeout: UI_TIMEOUT }).toBe(true);
    // A filter inside the view: only prod's guests, under each of their tags.
    await page.getByRole('textbox', { name: 'Filter resources' }).fill('tag:prod');
    const prodTags = new Map<string, number>();
    for (const g of all.filter((x) => tagsOf(x.tags).includes('prod'))) {
      for (const t of tagsOf(g.tags)) prodTags.set(t, (prodTags.get(t) ?? 0) + 1);
    }
    const expectedProd = [...prodTags.keys()]
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .map((t) => `${t}, ${guestsLabel(prodTags.get(t)!)}`);
    await expect.poll(() => groups(tree), { timeout: UI_TIMEOUT }).toEqual(expectedProd);

    // The prod group's chip is in the cluster's colour.
    const prodGroup = tree.getByRole('treeitem', {
      name: `prod, ${guestsLabel(byTag.get('prod')!)}`,
    });
    const chip = prodGroup.locator('[data-tag="prod"]');
    await visible(chip);
    const colours = await chip.evaluate((el) => {
      const s = getComputedStyle(el);
      return { bg: s.backgroundColor, fg: s.color };
    });
    expect(colours).toEqual({ bg: 'rgb(198, 40, 40)', fg: 'rgb(255, 255, 255)' });

    // A guest under a tag opens its detail; its row stays the selected one.
    const prodGuest = all.find(
      (g) => tagsOf(g.tags).includes('prod') && tagsOf(g.tags).length > 1,
    )!;
    const name = prodGuest.name ?? `VM ${prodGuest.vmid}`;
    const rows = tree.getByRole('treeitem', {
      name: new RegExp(`^${name} \\(${prodGuest.vmid}\\)`),
    });
    await expect
      .poll(() => rows.count(), { timeout: UI_TIMEOUT })
      .toBe(tagsOf(prodGuest.tags).length);
    const lastRow = rows.last();
    await lastRow.click();
    await visible(page.getByRole('heading', { level: 3, name }));
    await expect.poll(() => lastRow.getAttribute('aria-selected')).toBe('true');
    // The same guest under its other tag is not the selected row.
    expect(await rows.first().getAttribute('aria-selected')).toBe('false');
    // The keyboard on groups: Left goes up to the group, Left again folds it, Right unfolds it.
    const lastTag = tagsOf(prodGuest.tags)
      .filter((t) => prodTags.has(t))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .at(-1)!;
    const group = tree.getByRole('treeitem', {
      name: `${lastTag}, ${guestsLabel(prodTags.get(lastTag)!)}`,
    });
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => group.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('textbox', { name: 'Filter resources' }).fill('');
    await group.click();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => group.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => group.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => group.getAttribute('aria-selected')).toBe('false');
    // The detail header's chip has the cluster's colour too.
    const headerChip = page
      .getByRole('heading', { level: 3, name })
      .locator('xpath=..')
      .locator('[data-tag="prod"]');
    await visible(headerChip);
    expect(await headerChip.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(198, 40, 40)',
    );
    // A tag the cluster gives only a background (db) wears it too.
    const dbChip = tree.locator('[data-tag="db"]').first();
    if ((await dbChip.count()) > 0) {
      expect(await dbChip.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
        'rgb(21, 101, 192)',
      );
    }

    // Pools: one group per pool, then "No pool".
    const byPool = new Map<string, number>();
    let nopool = 0;
    for (const g of all) {
      if (g.pool) byPool.set(g.pool, (byPool.get(g.pool) ?? 0) + 1);
      else nopool += 1;
    }
    expect(byPool.size).toBeGreaterThan(0);
    await page.locator('label', { hasText: /^Pools$/ }).click();
    const expectedPools = [
      ...[...byPool.keys()].sort().map((p) => `${p}, ${guestsLabel(byPool.get(p)!)}`),
      ...(nopool > 0 ? [`No pool, ${guestsLabel(nopool)}`] : []),
    ];
    await expect.poll(() => shownStart(tree, expectedPools), { timeout: UI_TIMEOUT }).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('deckhand.treeView'))).toBe('pools');

    // Back to nodes: no groups, the node rows again.
    await page.locator('label', { hasText: /^Nodes$/ }).click();
    await visible(tree.getByRole('treeitem', { name: 'pve1, online' }));
    expect(await groups(tree)).toEqual([]);
  });
});
