// Suite-wide leak check for the integration tier: every test file must leave behind no socket,
// server or timer it started. Handles present before the file's first test are the baseline.

import { afterAll, beforeAll } from 'vitest';

type Handle = { constructor?: { name?: string }; hasRef?: () => boolean };

function liveHandles(): Handle[] {
  const getter = (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles;
  // Unref'd timers cannot keep the process alive; they are not leaks of the kind we hunt.
  return getter.call(process).filter((h) => (typeof h.hasRef === 'function' ? h.hasRef() : true));
}

function describeHandles(handles: Handle[]): string {
  const counts = new Map<string, number>();
  for (const h of handles) {
    const name = h.constructor?.name ?? 'unknown';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${n} × ${name}`).join(', ');
}

let baseline: Set<Handle>;

beforeAll(() => {
  baseline = new Set(liveHandles());
});

afterAll(async () => {
  // Sockets close asynchronously after their owner's close() resolves: give them a moment.
  const deadline = Date.now() + 5_000;
  let leaked = liveHandles().filter((h) => !baseline.has(h));
  while (leaked.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    leaked = liveHandles().filter((h) => !baseline.has(h));
  }
  if (leaked.length > 0) {
    throw new Error(`This test file left handles open: ${describeHandles(leaked)}`);
  }
});
