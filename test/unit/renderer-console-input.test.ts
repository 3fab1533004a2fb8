import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FONT_SIZE,
  zoomedFontSize,
} from '../../renderer/src/features/console/terminalZoom';
import {
  SPECIAL_KEYS,
  XK,
  charKeysym,
  comboToKeyEvents,
  functionKeysym,
  textToKeyEvents,
} from '../../renderer/src/features/console/keysyms';
import {
  binaryStringToBytes,
  encodeUtf8,
  isMultiLinePaste,
  pasteLineCount,
} from '../../renderer/src/features/console/textInput';
import {
  consoleIdFromHash,
  popoutUrl,
  splitTokenUser,
} from '../../renderer/src/features/console/popout';

describe('typing text into a VM', () => {
  it('maps characters to keysyms: Latin-1 as is, the rest in the Unicode range', () => {
    expect(charKeysym('a')).toBe(0x61);
    expect(charKeysym('~')).toBe(0x7e);
    expect(charKeysym('é')).toBe(0xe9);
    expect(charKeysym('€')).toBe(0x010020ac);
    expect(charKeysym('😀')).toBe(0x0101f600);
  });

  it('presses Enter for line breaks, Tab for tabs, and holds Shift for shifted characters', () => {
    const events = textToKeyEvents('lS\t!\r\nx');
    expect(events).toEqual([
      { keysym: 0x6c, code: null },
      { keysym: XK.Shift_L, code: 'ShiftLeft', down: true },
      { keysym: 0x53, code: null },
      { keysym: XK.Shift_L, code: 'ShiftLeft', down: false },
      { keysym: XK.Tab, code: 'Tab' },
      { keysym: XK.Shift_L, code: 'ShiftLeft', down: true },
      { keysym: 0x21, code: null },
      { keysym: XK.Shift_L, code: 'ShiftLeft', down: false },
      { keysym: XK.Return, code: 'Enter' },
      { keysym: 0x78, code: null },
    ]);
  });

  it('counts a lone CR as one Enter and skips other control characters', () => {
    const keysyms = textToKeyEvents('a\rb\u0007c').map((e) => e.keysym);
    expect(keysyms).toEqual([0x61, XK.Return, 0x62, 0x63]);
  });

  it('special keys hold their modifiers around the key and release them in reverse', () => {
    const cab = SPECIAL_KEYS.find((k) => k.label === 'Ctrl+Alt+Backspace')!;
    expect(cab.events).toEqual([
      { keysym: XK.Control_L, code: 'ControlLeft', down: true },
      { keysym: XK.Alt_L, code: 'AltLeft', down: true },
      { keysym: XK.BackSpace, code: 'Backspace' },
      { keysym: XK.Alt_L, code: 'AltLeft', down: false },
      { keysym: XK.Control_L, code: 'ControlLeft', down: false },
    ]);
    const f7 = SPECIAL_KEYS.find((k) => k.label === 'Ctrl+Alt+F7')!;
    expect(f7.events[2]).toEqual({ keysym: 0xffc4, code: 'F7' });
    expect(functionKeysym(12)).toBe(0xffc9);
    expect(() => functionKeysym(13)).toThrow();
    expect(comboToKeyEvents([], { keysym: 1, code: null })).toEqual([{ keysym: 1, code: null }]);
  });
});

describe('terminal input', () => {
  it('encodes text as UTF-8 and binary strings byte for byte', () => {
    expect([...encodeUtf8('aé€')]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac]);
    expect([...binaryStringToBytes('\x1b[M\xff\x80')]).toEqual([0x1b, 0x5b, 0x4d, 0xff, 0x80]);
  });

  it('asks before pasting anything with a line break', () => {
    expect(isMultiLinePaste('ls -l')).toBe(false);
    expect(isMultiLinePaste('rm -rf /tmp/x\n')).toBe(true);
    expect(isMultiLinePaste('a\r\nb')).toBe(true);
    expect(isMultiLinePaste('a\rb')).toBe(true);
    expect(pasteLineCount('a\nb\nc')).toBe(3);
    expect(pasteLineCount('a\r\nb\r\n')).toBe(2);
    expect(pasteLineCount('one\n')).toBe(1);
  });
});

describe('pop-out windows', () => {
  it('address a console by the hash and keep the query (the browser host token)', () => {
    const url = popoutUrl(
      { origin: 'http://127.0.0.1:4000', pathname: '/', search: '?token=abc' },
      'c-12_x',
    );
    expect(url).toBe('http://127.0.0.1:4000/?token=abc#console=c-12_x');
    expect(consoleIdFromHash(new URL(url).hash)).toBe('c-12_x');
    expect(consoleIdFromHash('')).toBeUndefined();
    expect(consoleIdFromHash('#console=')).toBeUndefined();
    expect(consoleIdFromHash('#console=../etc')).toBeUndefined();
  });

  it('prefill the console login from a token id', () => {
    expect(splitTokenUser('deck@pve!ci')).toEqual({ username: 'deck', realm: 'pve' });
    expect(splitTokenUser('ops@example.com@ad!t1')).toEqual({
      username: 'ops@example.com',
      realm: 'ad',
    });
    expect(splitTokenUser('root')).toEqual({ username: 'root', realm: 'pam' });
  });
});

describe('terminal font zoom', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
    ctrlKey: true,
    altKey: false,
    metaKey: false,
    key: k,
    ...mods,
  });

  it('grows, shrinks and resets with Ctrl and =, -, 0, within bounds', () => {
    expect(zoomedFontSize(key('='), 13)).toBe(14);
    expect(zoomedFontSize(key('+'), 13)).toBe(14);
    expect(zoomedFontSize(key('-'), 13)).toBe(12);
    expect(zoomedFontSize(key('0'), 20)).toBe(DEFAULT_FONT_SIZE);
    expect(zoomedFontSize(key('-'), 8)).toBe(8);
    expect(zoomedFontSize(key('='), 32)).toBe(32);
  });

  it('leaves other keys to the shell', () => {
    expect(zoomedFontSize(key('c'), 13)).toBeUndefined();
    expect(zoomedFontSize(key('=', { ctrlKey: false }), 13)).toBeUndefined();
    expect(zoomedFontSize(key('-', { altKey: true }), 13)).toBeUndefined();
  });
});
