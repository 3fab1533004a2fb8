// End-to-end harness: demo cluster + core (on its own thread, as the hosts run it) + browser host +
// Debian Chromium (playwright-core).
// One Chromium per test file; every test gets its own stack (a fresh browser context included)
// and tears all of it down.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '../../electron/demo';
import type { SecretStore } from '../../electron/core';
import type { CoreWorker } from '../../electron/host/core-thread/core-worker';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import { launchChromium } from '../kit/chromium';
import { builtCoreThreadScript, createWorkerTestCore } from '../kit/worker-core';
import { builtInDemos, STANDALONE_DEMO_OPTIONS } from '../../electron/demo/built-in';

const STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer');

export interface Stack {
  demo: DemoCluster;
  /** Core on its own thread, as both hosts run it. */
  core: CoreWorker;
  page: Page;
  url: string;
  /** The browser host serving the page now. */
  host: BrowserHost;
  /** Stop the browser host (the page loses its backend); core and the demo stay. */
  stopHost(): Promise<void>;
  /**
   * Start a browser host again on the same port: with the same token (the same host back) or a
   * new one (a restart, as every `npm run serve` makes a new token).
   */
  startHost(token: 'same' | 'new'): Promise<void>;
  /** Uncaught errors in the page; tests assert it stays empty. */
  pageErrors: string[];
  /** Console errors/warnings and failed requests of the page, printed when a test fails. */
  consoleLines: string[];
  close(): Promise<void>;
}

export interface StackOptions {
  demo?: DemoClusterOptions;
  refreshIntervalMs?: number;
  /** How often core reads the cluster's task list (0 = never). Default 500. */
  clusterTasksIntervalMs?: number;
  /** Core's secret store (default: in memory). */
  secretStore?: SecretStore;
  /** Offer the built-in demos as the app does: the cluster and a standalone PVE 8 node. */
  standalone?: boolean;
}

/** A stack on `browser`: its own demo, core, host and browser context (closed by `close()`). */
export async function startStack(browser: Browser, options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(join(STATIC_DIR, 'index.html')))
    throw new Error('The renderer is not built: run `npm run build` first');

  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const demo = await startDemoCluster({ taskTimeScale: 0.1, ...options.demo });
    cleanups.push(() => demo.close());
    const { core } = await createWorkerTestCore({
      // Core's thread as Electron loads it, the packages it bundles included.
      script: builtCoreThreadScript(),
      // The demo outlives the core here so tests can reach it directly (out-of-band changes).
      demo,
      // The app's list of demos: the cluster is the one above; the standalone node is started on
      // demand (anew after its profile was removed) and closed with its profile or the core.
      ...(options.standalone
        ? {
            demos: builtInDemos().map((d, i) => ({
              ...d,
              start: () =>
                i === 0
                  ? Promise.resolve(demo)
                  : startDemoCluster({ ...STANDALONE_DEMO_OPTIONS, taskTimeScale: 0.1 }),
            })),
          }
        : {}),
      timings: {
        refreshIntervalMs: options.refreshIntervalMs ?? 1000,
        taskPollMs: 200,
        clusterTasksIntervalMs: options.clusterTasksIntervalMs ?? 500,
      },
      ...(options.secretStore ? { secrets: options.secretStore } : {}),
    });
    cleanups.push(() => core.dispose());
    let host: BrowserHost | undefined = await startBrowserHost({ core, staticDir: STATIC_DIR });
    const first = host;
    cleanups.push(async () => host?.close());
    const stopHost = async (): Promise<void> => {
      const stopping = host;
      host = undefined;
      await stopping?.close();
    };
    const startHost = async (token: 'same' | 'new'): Promise<void> => {
      if (host) throw new Error('the browser host is still running');
      host = await startBrowserHost({
        core,
        staticDir: STATIC_DIR,
        port: first.port,
        ...(token === 'same' ? { token: first.token } : {}),
      });
    };

    // A fresh context per test: no cookies, storage or pages left by the one before.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const consoleLines: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning')
        consoleLines.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('requestfailed', (req) =>
      consoleLines.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`),
    );
    await page.goto(first.url);
    return {
      demo,
      core,
      page,
      url: first.url,
      get host() {
        if (!host) throw new Error('the browser host is stopped');
        return host;
      },
      stopHost,
      startHost,
      pageErrors,
      consoleLines,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

// ---- shared UI helpers: every wait is a condition, never a sleep ----

export const UI_TIMEOUT = 20_000;

/** The tree's guest rows in display order (top to bottom), by accessible name. */
export function guestRowsInOrder(tree: Locator): Promise<string[]> {
  return tree
    .locator('[role="treeitem"][aria-level="3"]')
    .evaluateAll((els) =>
      [...els]
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((e) => e.getAttribute('aria-label') ?? ''),
    );
}

/** Wait until the locator is visible (Playwright's own auto-waiting). */
export function visible(locator: Locator, timeout = UI_TIMEOUT): Promise<void> {
  return locator.waitFor({ state: 'visible', timeout });
}

/** Wait until the locator is gone (detached or hidden). */
export function hidden(locator: Locator, timeout = UI_TIMEOUT): Promise<void> {
  return locator.waitFor({ state: 'hidden', timeout });
}

/** Poll an attribute of a locator: `await attribute(row, 'data-status').toBe('running')`. */
export function attribute(locator: Locator, name: string, timeout = UI_TIMEOUT) {
  return expect.poll(() => locator.getAttribute(name, { timeout: 1000 }).catch(() => null), {
    timeout,
  });
}

/** Poll a locator's text: `await text(banner).toContain('changed')`. */
export function text(locator: Locator, timeout = UI_TIMEOUT) {
  return expect.poll(() => locator.textContent({ timeout: 1000 }).catch(() => null), { timeout });
}

/** Keep a screenshot of what the user would have seen when a test failed. */
async function screenshotOnFailure(
  ctx: { task: { name: string; result?: { state?: string } } },
  stack: Stack | undefined,
): Promise<void> {
  if (ctx.task.result?.state !== 'fail' || !stack) return;
  const name = ctx.task.name.replace(/[^\w]+/g, '-');
  console.error(
    `[${ctx.task.name}] page errors: ${JSON.stringify(stack.pageErrors)}; console: ${JSON.stringify(stack.consoleLines)}`,
  );
  await stack.page.screenshot({ path: `test-results/${name}.png` }).catch(() => undefined);
}

/**
 * One Chromium for the file, one stack per test: call at the top of a test file, then
 * `const stack = await start()` in a test. After each test it keeps a screenshot (and the page's
 * errors) if the test failed, and tears the stack down, its browser context included; after the
 * file it closes Chromium (before the leak check looks).
 */
export function useStack(): (options?: StackOptions) => Promise<Stack> {
  let browser: Browser | undefined;
  let current: Stack | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterEach(async (ctx) => {
    const stack = current;
    current = undefined;
    await screenshotOnFailure(ctx, stack);
    await stack?.close();
  });
  return async (options) => {
    if (current) throw new Error('one stack per test');
    if (!browser) throw new Error('useStack() belongs at the top of the test file');
    current = await startStack(browser, options);
    return current;
  };
}

/** Click "Explore the Demo cluster" and wait until its tree shows pve1. */
export async function openDemo(s: Stack): Promise<void> {
  const { page } = s;
  await page.getByRole('button', { name: 'Explore the Demo cluster' }).click();
  const tree = page.getByRole('tree', { name: 'Resources' });
  await visible(tree.getByRole('treeitem', { name: 'Demo cluster' }));
  await visible(tree.getByRole('treeitem', { name: 'pve1, online' }));
}
