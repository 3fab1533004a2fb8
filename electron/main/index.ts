// Electron entry: one instance, one sandboxed window, the IPC contract bound to core.

import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import {
  EncryptedSecretStore,
  FileLog,
  isLogLevel,
  type LogLevel,
  type Logger,
} from '../core/ui-thread';
import { CoreWorker } from '../host/core-thread/core-worker';
import { coreWaitsForFirstPaint } from '../host/core-thread/threads';
import { DisposableStore, systemScheduler } from '../../shared/lifecycle';
import { withFirstFrame, type FirstFrame } from '../../shared/first-frame';
import { readInlineScriptHashes } from '../host/csp';
import {
  APP_INDEX_URL,
  handleAppScheme,
  isAppUrl as isAppUrlFor,
  registerAppScheme,
} from './app-protocol';
import { bindContract } from './ipc';
import { installAppMenu } from './menu';
import {
  enforceSandbox,
  guardAllWebContents,
  hardenSession,
  securityHeaders,
  type SecurityOptions,
} from './security';
import { ElectronStoreSettings } from './stores/electron-store-settings';
import { safeStorageCipher } from './stores/safe-storage-cipher';
import { consoleWindowOptions, createMainWindow } from './window';

// Set by `electron-vite dev` only; the packaged app always loads its own files.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

const preloadPath = path.join(import.meta.dirname, '..', 'preload', 'index.cjs');

const rendererRoot = path.join(import.meta.dirname, '..', 'renderer');

const security: SecurityOptions = {
  isAppUrl: (url) => isAppUrlFor(url, devServerUrl),
  connectSrc: devServerUrl === undefined ? [] : devServerOrigins(devServerUrl),
  // The built page's inline painter (its hash, from index.html); the dev server's page has none.
  scriptHashes: devServerUrl === undefined ? readInlineScriptHashes(rendererRoot) : [],
  childWindow: () => consoleWindowOptions(preloadPath),
};

function devServerOrigins(url: string): string[] {
  const parsed = new URL(url);
  return [parsed.origin, `ws://${parsed.host}`];
}

// Tests (and anyone wanting a separate set of profiles) can point Deckhand at its own directory;
// its log then lives there too.
if (process.env.DECKHAND_USER_DATA_DIR) {
  app.setPath('userData', process.env.DECKHAND_USER_DATA_DIR);
  app.setAppLogsPath(path.join(process.env.DECKHAND_USER_DATA_DIR, 'logs'));
}

/** DECKHAND_LOG_LEVEL=debug for more detail; info by default. */
function logLevel(): LogLevel {
  const wanted = process.env.DECKHAND_LOG_LEVEL ?? '';
  return isLogLevel(wanted) ? wanted : 'info';
}

enforceSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    dialog.showErrorBox('Deckhand could not start', message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  // What the app started, stopped together on quit: the contract binding first, then core.
  const lifetime = new DisposableStore('Deckhand app');
  const shown: { window?: BrowserWindow } = {};
  let shutdown: Promise<void> | undefined;

  // Registered before anything async, so a quit during start-up still cleans up.
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (shutdown !== undefined) return;
    event.preventDefault();
    shutdown = lifetime.dispose();
    void shutdown.catch(() => undefined).finally(() => app.quit());
  });
  app.on('second-instance', () => {
    const { window } = shown;
    if (window === undefined || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await app.whenReady();

  // The application log (app.getPath('logs')), closed last: core's last words are kept.
  const logDir = app.getPath('logs');
  const log = lifetime.add(
    new FileLog({
      dir: logDir,
      level: logLevel(),
      ...(app.isPackaged ? {} : { echo: (line: string) => process.stderr.write(`${line}\n`) }),
      onError: (err) =>
        process.stderr.write(`Deckhand cannot write its log in ${logDir}: ${String(err)}\n`),
    }),
  ).log;
  log(
    'info',
    `Deckhand ${app.getVersion()} started (Electron ${process.versions.electron}, ${process.platform} ${process.arch})`,
  );
  installAppMenu({ logDir, log });

  guardAllWebContents(security);
  hardenSession(session.defaultSession, security);
  // index.html carries the window's first frame (shared/first-frame.ts), also while core starts.
  const frame: { of?: () => Promise<FirstFrame | undefined> } = {};
  handleAppScheme(session.defaultSession, rendererRoot, securityHeaders(security), async (html) =>
    withFirstFrame(html, await frame.of?.()),
  );

  // The window opens at once: index.html carries last run's first frame, read here without core
  // (core-worker.ts). On a two-core machine core's thread starts once that frame is painted (the
  // window is shown), so that loading core does not take the CPU from the first paint
  // (coreWaitsForFirstPaint); with more cores, at once. The page's first calls wait for core. A
  // window that never paints does not hold core back for long.
  let painted: (() => void) | undefined;
  const framePainted = coreWaitsForFirstPaint()
    ? new Promise<void>((resolve) => (painted = resolve))
    : undefined;
  if (painted) lifetime.add(systemScheduler.setTimeout(painted, FIRST_PAINT_WAIT_MS));
  const core = lifetime.add(openCore(log, framePainted));
  // A quit requested during start-up has disposed the store already (and so this core).
  if (lifetime.isDisposed) return;
  frame.of = () => core.firstFrame();
  // A core started again after its thread was lost knows none of the windows: each reloads.
  lifetime.add(
    core.onRestart(() => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
    }),
  );
  lifetime.add(
    bindContract({
      core,
      // The main window and the console windows our page opened (see security.childWindow).
      isOurWindow: (contents) => BrowserWindow.fromWebContents(contents) !== null,
      isAppUrl: security.isAppUrl,
    }),
  );
  shown.window = createMainWindow({ preload: preloadPath, url: devServerUrl ?? APP_INDEX_URL });
  if (painted) shown.window.once('ready-to-show', painted);
  // A core that cannot start at all (its settings unreadable, say) is reported by start().
  await core.started;
}

/** The longest core's start waits for the window's first paint (ready-to-show). */
const FIRST_PAINT_WAIT_MS = 1500;

/**
 * Core on its own thread (electron.vite.config.ts bundles its entry beside this one): the
 * sessions' fetch, parse, diff and cache writes never hold up the thread serving the windows.
 * The settings and the keychain need Electron, so they stay here and answer core's requests.
 * Where the thread itself cannot start, core runs on this thread instead, over the same protocol.
 */
function openCore(log: Logger, startAfter: Promise<void> | undefined): CoreWorker {
  const userData = app.getPath('userData');
  return CoreWorker.open({
    script: { url: new URL('./core-thread.js', import.meta.url) },
    settings: new ElectronStoreSettings(),
    // The file electron-store kept secrets in before (its flat format is still read).
    secrets: new EncryptedSecretStore({
      file: path.join(userData, 'secrets.json'),
      cipher: safeStorageCipher,
    }),
    log,
    data: {
      host: 'electron',
      appVersion: app.getVersion(),
      // A 3-node PVE 9 cluster and a standalone PVE 8 node, each its own profile.
      demos: 'built-in',
      // Each profile's last known state, painted at once on the next start (never a secret).
      cacheDir: path.join(userData, 'cache'),
    },
    // Loaded only for the fallback: the main thread does not evaluate core (nor the demos) to
    // open its window.
    sameThread: async (port, data) =>
      (await import('../host/core-thread/entry')).runCoreOnThisThread(port, data),
    ...(startAfter ? { startAfter } : {}),
  });
}
