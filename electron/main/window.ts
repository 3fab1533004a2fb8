// The one application window. Its web preferences are the secure ones, set explicitly so a
// changed default can never weaken them.

import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

export function createMainWindow(options: { preload: string; url: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Deckhand',
    backgroundColor: '#1a1b1e',
    webPreferences: secureWebPreferences(options.preload),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}

/** A popped-out console: its own window, as locked down as the main one. */
export function consoleWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 960,
    height: 640,
    minWidth: 400,
    minHeight: 300,
    title: 'Deckhand console',
    backgroundColor: '#1a1b1e',
    webPreferences: secureWebPreferences(preload),
  };
}

function secureWebPreferences(
  preload: string,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}
