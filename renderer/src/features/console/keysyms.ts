// X11 keysyms for noVNC's sendKey: text typed as keystrokes ("Type text…") and the special-keys
// menu. A VNC server has no clipboard paste for a text console or a login prompt, so typing is the
// one way text reaches any guest.

export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Home: 0xff50,
  Left: 0xff51,
  Up: 0xff52,
  Right: 0xff53,
  Down: 0xff54,
  PageUp: 0xff55,
  PageDown: 0xff56,
  End: 0xff57,
  Insert: 0xff63,
  Print: 0xff61,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  Super_L: 0xffeb,
} as const;

/** The keysym of F1..F12 (they are consecutive). */
export function functionKeysym(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 12) throw new RangeError(`No F${n}`);
  return XK.F1 + n - 1;
}

/** One key press (down and up) with the physical key when it is known (QEMU uses scancodes). */
export interface KeyStroke {
  keysym: number;
  code: string | null;
}

/**
 * The keysym of one character: Latin-1 maps one to one, other Unicode characters use the X11
 * Unicode keysym range (0x01000000 + code point), which QEMU and Xvnc both understand.
 */
export function charKeysym(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp <= 0x7e) return cp;
  if (cp >= 0xa0 && cp <= 0xff) return cp;
  return 0x01000000 | cp;
}

// Characters a US keyboard types with Shift held: servers that map keysyms back to scancodes
// (QEMU) need the Shift press to produce them.
const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?');

function needsShift(char: string): boolean {
  return (char >= 'A' && char <= 'Z') || SHIFTED.has(char);
}

function strokeForChar(char: string): KeyStroke[] | null {
  switch (char) {
    case '\n':
      return [{ keysym: XK.Return, code: 'Enter' }];
    case '\t':
      return [{ keysym: XK.Tab, code: 'Tab' }];
    case '\r':
      return null;
    default: {
      const cp = char.codePointAt(0) ?? 0;
      if (cp < 0x20 || cp === 0x7f) return null;
      return [{ keysym: charKeysym(char), code: null }];
    }
  }
}

/** A key event to send: press, release or both. */
export interface KeyEvent {
  keysym: number;
  code: string | null;
  /** true: press, false: release, undefined: press and release */
  down?: boolean;
}

/**
 * The key events that type `text`: Enter for each line break (CRLF and CR count once), Tab for
 * tabs, Shift around upper-case letters and shifted symbols; other control characters are
 * skipped.
 */
export function textToKeyEvents(text: string): KeyEvent[] {
  const events: KeyEvent[] = [];
  const normalised = text.replace(/\r\n?/g, '\n');
  for (const char of normalised) {
    const strokes = strokeForChar(char);
    if (!strokes) continue;
    const shift = needsShift(char);
    if (shift) events.push({ keysym: XK.Shift_L, code: 'ShiftLeft', down: true });
    for (const s of strokes) events.push({ keysym: s.keysym, code: s.code });
    if (shift) events.push({ keysym: XK.Shift_L, code: 'ShiftLeft', down: false });
  }
  return events;
}

/** A key combination: modifiers held, one key pressed, modifiers released in reverse. */
export function comboToKeyEvents(modifiers: KeyStroke[], key: KeyStroke): KeyEvent[] {
  return [
    ...modifiers.map((m) => ({ ...m, down: true })),
    { ...key },
    ...[...modifiers].reverse().map((m) => ({ ...m, down: false })),
  ];
}

const CTRL: KeyStroke = { keysym: XK.Control_L, code: 'ControlLeft' };
const ALT: KeyStroke = { keysym: XK.Alt_L, code: 'AltLeft' };

export interface SpecialKey {
  label: string;
  events: KeyEvent[];
}

function fKey(n: number): KeyStroke {
  return { keysym: functionKeysym(n), code: `F${n}` };
}

/** The special-keys menu of a VM screen. */
export const SPECIAL_KEYS: readonly SpecialKey[] = [
  {
    label: 'Ctrl+Alt+Backspace',
    events: comboToKeyEvents([CTRL, ALT], { keysym: XK.BackSpace, code: 'Backspace' }),
  },
  { label: 'Alt+Tab', events: comboToKeyEvents([ALT], { keysym: XK.Tab, code: 'Tab' }) },
  { label: 'Esc', events: [{ keysym: XK.Escape, code: 'Escape' }] },
  { label: 'Tab', events: [{ keysym: XK.Tab, code: 'Tab' }] },
  {
    label: 'Super (Windows key)',
    events: [{ keysym: XK.Super_L, code: 'MetaLeft' }],
  },
  { label: 'Print Screen', events: [{ keysym: XK.Print, code: 'PrintScreen' }] },
  ...Array.from({ length: 12 }, (_, i) => ({
    label: `Ctrl+Alt+F${i + 1}`,
    events: comboToKeyEvents([CTRL, ALT], fKey(i + 1)),
  })),
  ...Array.from({ length: 12 }, (_, i) => ({ label: `F${i + 1}`, events: [{ ...fKey(i + 1) }] })),
];
