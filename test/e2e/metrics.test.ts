// The guest detail's facts (uptime, memory) come by metric subscription, not with the tree's
// structure: they still move while the detail is open, and again after the backend link came back
// (a new link is a new window to core, so the page subscribes again).

import { describe, it } from 'vitest';
import { openDemo, text, useStack, visible } from './harness';

const newStack = useStack();

describe('guest detail metrics', () => {
  it('keeps the open detail’s uptime and memory moving, across a backend restart', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    // grafana (CT 112) runs on pve1 in the default demo cluster.
    await page.getByRole('treeitem', { name: 'grafana (112)' }).click();
    const detail = page.getByTestId('guest-detail');
    await visible(detail);
    const uptime = detail.getByTestId('guest-uptime');
    const memory = detail.getByTestId('guest-memory');
    await text(uptime).toMatch(/^Uptime\s*\d/);
    await text(memory).toMatch(/^Memory.+ of .+/);

    const moves = async () => {
      const before = await uptime.textContent();
      const mem = await memory.textContent();
      // A day on: a new uptime and a new memory sample, by the next refresh.
      demo.advanceClock(86_400);
      await text(uptime).not.toBe(before);
      await text(memory).not.toBe(mem);
    };
    await moves();

    // The same host back: the page's link comes back as a new window to core.
    await stack.stopHost();
    await stack.startHost('same');
    await visible(page.getByRole('treeitem', { name: 'pve1, online' }));
    await moves();
  });
});
