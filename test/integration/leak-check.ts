// Suite-wide leak check for the integration and end-to-end tiers: every test file must leave
// behind nothing it started. Three views, because no one of them sees everything on Node 20:
// - the lifecycle's own records: DisposableStores not disposed and scheduler timers still live,
//   unref'd ones included (`shared/lifecycle.ts`);
// - every ref'd Node timer created during the file (a bare `setInterval` too), seen through
//   async_hooks, with the stack that created it; the test runner's own timers aside;
// - `process.getActiveResourcesInfo()` and `process._getActiveHandles()`: sockets, servers,
//   child processes and other handles, unref'd ones included.
// What is alive before the file's first test is the baseline.

import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll } from 'vitest';
import { liveLifecycle, type LiveRecord } from '../../shared/lifecycle';

type Handle = { constructor?: { name?: string } };

function activeHandles(): Handle[] {
  const getter = (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles;
  return getter.call(process);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function describeCounts(counts: Map<string, number>): string {
  return [...counts].map(([name, n]) => `${String(n)} × ${name}`).join(', ');
}

/** Counts in `now` above those in `base`. */
function excess(now: Map<string, number>, base: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, n] of now) {
    const extra = n - (base.get(name) ?? 0);
    if (extra > 0) out.set(name, extra);
  }
  return out;
}

interface NodeTimer {
  _destroyed?: boolean;
  hasRef(): boolean;
}

interface TrackedTimer {
  timer: NodeTimer;
  stack: string;
}

const RUNNER_FRAME = /node_modules[\\/](@vitest|vitest|tinypool|tinyspy)[\\/]/;
let timers: TrackedTimer[] = [];

const timerHook = createHook({
  init(_id, type, _trigger, resource) {
    if (type !== 'Timeout') return;
    const stack = new Error().stack ?? '';
    // Frames past the hook's own: the code that called setTimeout/setInterval.
    const callers = stack.split('\n').slice(3).join('\n');
    if (RUNNER_FRAME.test(callers) && !/\/(electron|shared|renderer|test)\//.test(callers)) return;
    timers.push({ timer: resource as NodeTimer, stack: callers });
    if (timers.length > 2_000) timers = timers.filter((t) => t.timer._destroyed !== true);
  },
});

/** The first frame of our own code that started the timer. */
function origin(stack: string): string {
  const ours = stack
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /\/(electron|shared|renderer|test)\//.test(l) && !l.includes('leak-check'));
  return ours?.replace(/^at /, '') ?? stack.split('\n')[0]?.trim() ?? '?';
}

interface Baseline {
  records: Set<LiveRecord>;
  handles: Set<Handle>;
  resources: Map<string, number>;
}

let baseline: Baseline;

function leaks(): string[] {
  const found: string[] = [];
  const records = liveLifecycle().filter((r) => !baseline.records.has(r));
  if (records.length > 0) {
    found.push(`live ${describeCounts(countBy(records, (r) => `${r.kind} ${r.label}`))}`);
  }
  const handles = activeHandles().filter((h) => !baseline.handles.has(h));
  if (handles.length > 0) {
    found.push(`handles ${describeCounts(countBy(handles, (h) => h.constructor?.name ?? '?'))}`);
  }
  const running = timers.filter((t) => t.timer._destroyed !== true && t.timer.hasRef());
  if (running.length > 0) {
    found.push(`timers ${describeCounts(countBy(running, (t) => origin(t.stack)))}`);
  }
  const resources = excess(
    countBy(
      process.getActiveResourcesInfo().filter((r) => r !== 'Timeout'),
      (r) => r,
    ),
    baseline.resources,
  );
  if (resources.size > 0) found.push(`resources ${describeCounts(resources)}`);
  return found;
}

beforeAll(() => {
  baseline = {
    records: new Set(liveLifecycle()),
    handles: new Set(activeHandles()),
    resources: countBy(
      process.getActiveResourcesInfo().filter((r) => r !== 'Timeout'),
      (r) => r,
    ),
  };
  timers = [];
  timerHook.enable();
});

afterAll(async () => {
  // Sockets close asynchronously after their owner's close() resolves: give them a moment.
  const deadline = Date.now() + 5_000;
  let found = leaks();
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = leaks();
  }
  timerHook.disable();
  if (found.length > 0) {
    throw new Error(`This test file left things running: ${found.join('; ')}`);
  }
});
