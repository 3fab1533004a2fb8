// Electron entry: one instance, one sandboxed window, the IPC contract bound to core.

import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { createCore } from '../core';
import { startDemoCluster } from '../demo';
import { DisposableStore } from '../../shared/lifecycle';
import {
  APP_INDEX_URL,
  handleAppScheme,
  isAppUrl as isAppUrlFor,
  registerAppScheme,
} from './app-protocol';
import { bindContract } from './ipc';
import {
  enforceSandbox,
  guardAllWebContents,
  hardenSession,
  securityHeaders,
  type SecurityOptions,
} from './security';
import { ElectronStoreSettings } from './stores/electron-store-settings';
import { SafeStorageSecrets } from './stores/safe-storage-secrets';
import { consoleWindowOptions, createMainWindow } from './window';

// Set by `electron-vite dev` only; the packaged app always loads its own files.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

const preloadPath = path.join(import.meta.dirname, '..', 'preload', 'index.cjs');

const security: SecurityOptions = {
  isAppUrl: (url) => isAppUrlFor(url, devServerUrl),
  connectSrc: devServerUrl === undefined ? [] : devServerOrigins(devServerUrl),
  childWindow: () => consoleWindowOptions(preloadPath),
};

function devServerOrigins(url: string): string[] {
  const parsed = new URL(url);
  return [parsed.origin, `ws://${parsed.host}`];
}

// Tests (and anyone wanting a separate set of profiles) can point Deckhand at its own directory.
if (process.env.DECKHAND_USER_DATA_DIR) app.setPath('userData', process.env.DECKHAND_USER_DATA_DIR);

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

  guardAllWebContents(security);
  hardenSession(session.defaultSession, security);
  handleAppScheme(
    session.defaultSession,
    path.join(import.meta.dirname, '..', 'renderer'),
    securityHeaders(security),
  );

  const core = await createCore({
    settings: new ElectronStoreSettings(),
    secrets: new SafeStorageSecrets(),
    host: 'electron',
    appVersion: app.getVersion(),
    startDemo: () => startDemoCluster(),
  });
  // A quit requested while core started has disposed the store already: this disposes core now.
  lifetime.add(core);
  if (lifetime.isDisposed) return;

  shown.window = createMainWindow({ preload: preloadPath, url: devServerUrl ?? APP_INDEX_URL });
  lifetime.add(
    bindContract({
      core,
      // The main window and the console windows our page opened (see security.childWindow).
      isOurWindow: (contents) => BrowserWindow.fromWebContents(contents) !== null,
      isAppUrl: security.isAppUrl,
    }),
  );
}
