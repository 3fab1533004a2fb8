// The Electron host's hardening, checked without an Electron binary: `electron` is replaced by
// recording stand-ins, and our own modules (window options, session guards, web-contents guards,
// the IPC binding, the preload) are driven through them as Electron would. What is checked is our
// decisions: sandboxed, isolated windows without Node; no permission but the two we need; no
// navigation or new window off our pages; links out only for plain https; IPC refused to any
// sender that is not the main frame of our window on our page; the preload exposing the contract
// and nothing else.

import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ webPreferences?: Record<string, unknown> }>,
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  opened: [] as string[],
  sandboxed: 0,
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  exposed: new Map<string, unknown>(),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      recorded.windows.push(options);
    }
    once(): void {}
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
    static fromWebContents(): null {
      return null;
    }
  }
  return {
    BrowserWindow,
    app: {
      enableSandbox: () => {
        recorded.sandboxed++;
      },
      on: (name: string, fn: (...args: unknown[]) => void) => recorded.appHandlers.set(name, fn),
    },
    shell: {
      openExternal: async (url: string) => {
        recorded.opened.push(url);
      },
    },
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) =>
        recorded.ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => recorded.ipcHandlers.delete(channel),
      on: (channel: string, fn: (...args: unknown[]) => unknown) =>
        recorded.ipcHandlers.set(channel, fn),
      off: (channel: string) => recorded.ipcHandlers.delete(channel),
    },
    ipcRenderer: { on: () => undefined, invoke: async () => undefined, send: () => undefined },
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => recorded.exposed.set(key, value),
    },
  };
});

const { consoleWindowOptions, createMainWindow } = await import('../../electron/main/window');
const security = await import('../../electron/main/security');
const { bindContract } = await import('../../electron/main/ipc');
const { isAppUrl } = await import('../../electron/main/app-protocol');
const { contentSecurityPolicy, inlineScriptHashes } = await import('../../electron/host/csp');
const { CALL_CHANNEL } = await import('../../electron/host/channels');

const APP = 'deckhand://app/index.html';
const options = {
  isAppUrl: (url: string) => isAppUrl(url, undefined),
  connectSrc: [],
  childWindow: () => consoleWindowOptions('/preload.js'),
};

/** A web contents stand-in: events, a window-open handler, a URL and a main frame. */
class FakeContents extends EventEmitter {
  windowOpen: ((d: { url: string }) => { action: string }) | undefined;
  readonly mainFrame = { url: APP };
  constructor(public url = APP) {
    super();
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }): void {
    this.windowOpen = fn;
  }
  send(): void {}
}

/** Fire a cancellable Electron event on `contents`; true when our guard prevented it. */
function prevented(contents: FakeContents, name: string, url?: string): boolean {
  let stopped = false;
  contents.emit(name, {
    url,
    preventDefault: () => {
      stopped = true;
    },
  });
  return stopped;
}

beforeEach(() => {
  recorded.opened.length = 0;
});

describe('every window', () => {
  it('is sandboxed and isolated, without Node, webviews or insecure content', () => {
    createMainWindow({ preload: '/preload.js', url: APP });
    const prefs = [recorded.windows.at(-1)!.webPreferences!, options.childWindow().webPreferences!];
    for (const p of prefs) {
      expect(p).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      });
    }
    security.enforceSandbox();
    expect(recorded.sandboxed).toBe(1);
  });

  it("allows the build's inline painter by its hash alone, read from index.html", () => {
    const hash = `'sha256-${'A'.repeat(43)}='`;
    const html = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' ${hash} 'unsafe-inline' 'sha256-short='; style-src 'self'">`;
    expect(inlineScriptHashes(html)).toEqual([hash]);
    expect(inlineScriptHashes('<title>no policy</title>')).toEqual([]);
    const csp = contentSecurityPolicy([], inlineScriptHashes(html));
    expect(csp).toContain(`script-src 'self' ${hash};`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('gets a strict CSP: no inline or evaluated script, nothing framed, no network in Electron', () => {
    const csp = contentSecurityPolicy([]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(security.securityHeaders(options)['Content-Security-Policy']).toBe(csp);
  });
});

describe('the session', () => {
  it('denies every permission but clipboard writes and fullscreen, and those only to our pages', () => {
    let request: ((c: FakeContents, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: ((c: unknown, p: string, origin: string) => boolean) | undefined;
    let verify: ((r: { verificationResult: string }, cb: (n: number) => void) => void) | undefined;
    let devices: (() => boolean) | undefined;
    security.hardenSession(
      {
        setPermissionRequestHandler: (fn: typeof request) => (request = fn),
        setPermissionCheckHandler: (fn: typeof check) => (check = fn),
        setDevicePermissionHandler: (fn: typeof devices) => (devices = fn),
        setDisplayMediaRequestHandler: () => undefined,
        setCertificateVerifyProc: (fn: typeof verify) => (verify = fn),
        webRequest: { onHeadersReceived: () => undefined },
      } as never,
      options,
    );
    const ask = (url: string, permission: string): boolean => {
      let answer: boolean | undefined;
      request!(new FakeContents(url), permission, (ok) => (answer = ok));
      return answer!;
    };
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'midi', 'hid'])
      expect(ask(APP, p)).toBe(false);
    expect(ask(APP, 'clipboard-sanitized-write')).toBe(true);
    expect(ask('https://evil.example/', 'clipboard-sanitized-write')).toBe(false);
    expect(check!(undefined, 'fullscreen', 'deckhand://app')).toBe(true);
    expect(check!(undefined, 'media', 'deckhand://app')).toBe(false);
    expect(devices!()).toBe(false);
    // Only Chromium's own verdict on certificates: a failed verification is refused.
    const verdict = (result: string) => {
      let n: number | undefined;
      verify!({ verificationResult: result }, (x) => (n = x));
      return n;
    };
    expect(verdict('OK')).toBe(-3);
    expect(verdict('net::ERR_CERT_AUTHORITY_INVALID')).toBe(-2);
  });
});

describe('web contents', () => {
  security.guardAllWebContents(options);
  const created = recorded.appHandlers.get('web-contents-created')!;

  it('never navigates off our pages; a link goes to the browser only when it is plain https', () => {
    const contents = new FakeContents();
    created({}, contents);
    expect(prevented(contents, 'will-navigate', 'deckhand://app/index.html#x')).toBe(false);
    expect(prevented(contents, 'will-navigate', 'https://pve.example:8006/')).toBe(true);
    expect(recorded.opened).toEqual(['https://pve.example:8006/']);
    for (const url of [
      'http://pve.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@pve.example/',
      'smb://share/',
    ]) {
      expect(prevented(contents, 'will-navigate', url)).toBe(true);
    }
    expect(recorded.opened).toEqual(['https://pve.example:8006/']);
    expect(prevented(contents, 'will-redirect', 'https://elsewhere.example/')).toBe(true);
    expect(prevented(contents, 'will-frame-navigate', 'https://elsewhere.example/')).toBe(true);
    expect(prevented(contents, 'will-attach-webview')).toBe(true);
  });

  it('opens new windows only for our own pages from our own page, as locked down', () => {
    const contents = new FakeContents();
    created({}, contents);
    const popOut = contents.windowOpen!({ url: 'deckhand://app/index.html#console=a' }) as {
      action: string;
      overrideBrowserWindowOptions?: { webPreferences?: Record<string, unknown> };
    };
    expect(popOut.action).toBe('allow');
    expect(popOut.overrideBrowserWindowOptions?.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(contents.windowOpen!({ url: 'https://docs.example/' }).action).toBe('deny');
    expect(recorded.opened).toEqual(['https://docs.example/']);
    // A page that is not ours (navigated away somehow) cannot open even our own pages.
    const foreign = new FakeContents('https://evil.example/');
    created({}, foreign);
    expect(foreign.windowOpen!({ url: APP }).action).toBe('deny');
  });
});

describe('the IPC binding', () => {
  it('answers only the main frame of our window on our page, whatever the page sends', async () => {
    const dispatched: string[] = [];
    const ours = new FakeContents();
    const core = {
      handlers: new Proxy(
        {},
        {
          get: (_t, name: string) => async () => {
            dispatched.push(name);
            return { version: 'x' };
          },
        },
      ),
      notifications: {},
      on: () => ({ dispose: () => undefined }),
      connectClient: () => ({ clientId: 'w1', write: () => undefined, dispose: () => undefined }),
      log: () => undefined,
    };
    const binding = bindContract({
      core: core as never,
      isOurWindow: (c) => (c as unknown) === ours,
      isAppUrl: options.isAppUrl,
    });
    const call = recorded.ipcHandlers.get(CALL_CHANNEL)!;
    const refused = {
      ok: false,
      error: { kind: 'permission', message: 'Refused: unknown sender' },
    };

    // Another window (not ours), a subframe of ours, our window on a foreign page: refused.
    const stranger = new FakeContents();
    expect(await call({ sender: stranger, senderFrame: stranger.mainFrame }, 'app.info')).toEqual(
      refused,
    );
    expect(await call({ sender: ours, senderFrame: { url: APP } }, 'app.info')).toEqual(refused);
    const wandered = { url: 'https://evil.example/' };
    expect(
      await call(
        {
          sender: { ...ours, mainFrame: wandered, isDestroyed: () => false },
          senderFrame: wandered,
        },
        'app.info',
      ),
    ).toEqual(refused);
    expect(dispatched).toEqual([]);

    // Our main frame: the call reaches core, and a name outside the contract does not.
    expect(await call({ sender: ours, senderFrame: ours.mainFrame }, 'app.info')).toMatchObject({
      ok: true,
    });
    const unknown = (await call({ sender: ours, senderFrame: ours.mainFrame }, 'fs.readFile')) as {
      ok: boolean;
    };
    expect(unknown.ok).toBe(false);
    expect(dispatched).toEqual(['app.info']);
    await binding.dispose();
    expect(recorded.ipcHandlers.has(CALL_CHANNEL)).toBe(false);
  });
});

describe('the preload', () => {
  it('exposes the contract as window.deckhand and nothing else', async () => {
    await import('../../electron/preload/index');
    expect([...recorded.exposed.keys()]).toEqual(['deckhand']);
    const bridge = recorded.exposed.get('deckhand') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'notify', 'on', 'onStream', 'write']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
    // A name outside the contract never reaches ipcRenderer.
    const invoke = bridge['invoke'] as (n: string, a: unknown) => Promise<unknown>;
    expect(await invoke('shell.openExternal', {})).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'Unknown call: shell.openExternal' },
    });
  });
});
