import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher, completeUtf8Length } from '../../electron/core/console/output-batcher';
import {
  OkDetector,
  authLine,
  inputFrame,
  resizeFrame,
  splitInput,
} from '../../electron/core/console/termproxy';
import {
  parseVersion,
  tokenConsoleRefusal,
  tokenConsolesAllowed,
} from '../../electron/core/console/token-consoles';
import {
  STREAM_INPUT,
  STREAM_OUTPUT,
  decodeStreamFrame,
  encodeStreamFrame,
} from '../../shared/stream-frame';

describe('termproxy framing', () => {
  it('frames input with its UTF-8 byte length, not its character count', () => {
    expect(inputFrame('ls\r').toString()).toBe('0:3:ls\r');
    // "é" is 2 bytes, "€" 3, "😀" 4.
    expect(inputFrame('é€😀').toString()).toBe('0:9:é€😀');
  });

  it('cuts a big paste into pieces at character boundaries', () => {
    const text = 'a€'.repeat(10_000); // 40,000 bytes, a 3-byte character every 4
    const pieces = splitInput(Buffer.from(text, 'utf8'), 1000);
    expect(pieces.every((p) => p.byteLength <= 1000)).toBe(true);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    expect(pieces.map((p) => decoder.decode(p)).join('')).toBe(text);
    expect(splitInput(Buffer.from('ls\r'))).toHaveLength(1);
  });

  it('sends columns before rows in a resize', () => {
    expect(resizeFrame(120, 40).toString()).toBe('1:120:40:');
  });

  it('writes the auth line as authid:ticket and a newline', () => {
    expect(authLine('root@pam', 'PVEVNC:ABC::sig').toString()).toBe('root@pam:PVEVNC:ABC::sig\n');
  });

  it('finds OK split across frames and keeps output that shares its frame', () => {
    const d = new OkDetector();
    expect(d.feed(Buffer.from('O')).state).toBe('waiting');
    const r = d.feed(Buffer.from('Kroot@pve1:~# '));
    expect(r.state).toBe('ok');
    if (r.state === 'ok') expect(r.rest.toString()).toBe('root@pve1:~# ');
  });

  it('refuses anything but OK first', () => {
    expect(new OkDetector().feed(Buffer.from('NO')).state).toBe('refused');
    expect(new OkDetector().feed(Buffer.from('OX')).state).toBe('refused');
  });
});

describe('UTF-8 boundaries', () => {
  const bytes = (s: string) => Buffer.from(s, 'utf8');

  it('keeps complete text whole', () => {
    expect(completeUtf8Length(bytes('abc€'))).toBe(6);
  });

  it('holds back an incomplete trailing character', () => {
    const euro = bytes('€'); // e2 82 ac
    expect(completeUtf8Length(Buffer.concat([bytes('ab'), euro.subarray(0, 1)]))).toBe(2);
    expect(completeUtf8Length(Buffer.concat([bytes('ab'), euro.subarray(0, 2)]))).toBe(2);
    const smile = bytes('😀');
    expect(completeUtf8Length(Buffer.concat([bytes('x'), smile.subarray(0, 3)]))).toBe(1);
  });
});

describe('OutputBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first chunk after a quiet spell at once, and coalesces a burst', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const out: string[] = [];
    const b = new OutputBatcher({ utf8: true, flush: (d) => out.push(Buffer.from(d).toString()) });
    b.push(Buffer.from('$ '));
    expect(out).toEqual(['$ ']);
    b.push(Buffer.from('hello '));
    b.push(Buffer.from('world'));
    expect(out).toEqual(['$ ']);
    vi.advanceTimersByTime(10);
    expect(out).toEqual(['$ ', 'hello world']);
    b.dispose();
  });

  it('flushes at once past the size limit', () => {
    const out: Uint8Array[] = [];
    const b = new OutputBatcher({ utf8: false, maxBytes: 8, flush: (d) => out.push(d) });
    b.push(Buffer.alloc(10, 1));
    expect(out.map((d) => d.byteLength)).toEqual([10]);
    b.dispose();
  });

  it('never splits a character between two flushes', () => {
    const out: string[] = [];
    const b = new OutputBatcher({
      utf8: true,
      maxBytes: 1,
      flush: (d) => out.push(new TextDecoder('utf-8', { fatal: true }).decode(d)),
    });
    const text = Buffer.from('a€b😀c', 'utf8');
    for (const byte of text) b.push(Buffer.from([byte]));
    b.flushNow();
    expect(out.join('')).toBe('a€b😀c');
    b.dispose();
  });
});

describe('browser host stream frames', () => {
  it('round-trips id and bytes', () => {
    const data = new Uint8Array([0, 1, 2, 255]);
    const frame = decodeStreamFrame(encodeStreamFrame(STREAM_OUTPUT, 'c1abc', data));
    expect(frame?.kind).toBe(STREAM_OUTPUT);
    expect(frame?.streamId).toBe('c1abc');
    expect([...(frame?.data ?? [])]).toEqual([0, 1, 2, 255]);
  });

  it('rejects malformed frames', () => {
    expect(decodeStreamFrame(new Uint8Array([9, 1, 65]))).toBeUndefined();
    expect(decodeStreamFrame(new Uint8Array([STREAM_INPUT, 10, 65]))).toBeUndefined();
    expect(decodeStreamFrame(new Uint8Array([STREAM_INPUT, 1, 0x2f]))).toBeUndefined();
    expect(() => encodeStreamFrame(STREAM_INPUT, 'bad id', new Uint8Array())).toThrow();
  });
});

describe('API tokens and consoles', () => {
  const shell = { profileId: 'p', node: 'pve1', kind: 'shell' as const };
  const ct = { profileId: 'p', node: 'pve1', kind: 'lxc' as const, vmid: 101 };

  it('parses PVE versions', () => {
    expect(parseVersion('9.1.9')).toEqual([9, 1, 9]);
    expect(parseVersion('8.4')).toEqual([8, 4, 0]);
    expect(parseVersion('nonsense')).toBeUndefined();
  });

  it('knows since when tokens may open node shells and guest consoles', () => {
    expect(tokenConsolesAllowed(shell, '9.0.12')).toBe(false);
    expect(tokenConsolesAllowed(shell, '9.0.13')).toBe(true);
    expect(tokenConsolesAllowed(ct, '9.1.8')).toBe(false);
    expect(tokenConsolesAllowed(ct, '9.1.9')).toBe(true);
    expect(tokenConsolesAllowed(ct, '10.0.1')).toBe(true);
    expect(tokenConsolesAllowed(ct, undefined)).toBeUndefined();
  });

  it('offers a password login only where tokens cannot work', () => {
    expect(tokenConsoleRefusal(ct, '9.1.2', 'before')?.remedy).toBe('console-login');
    expect(tokenConsoleRefusal(ct, '9.1.9', 'before')).toBeUndefined();
    // Unknown version: try first, explain after the server refused.
    expect(tokenConsoleRefusal(ct, undefined, 'before')).toBeUndefined();
    expect(tokenConsoleRefusal(ct, undefined, 'closed')?.reason).toMatch(/password/);
    expect(tokenConsoleRefusal(ct, '9.1.9', 'closed')).toBeUndefined();
  });
});
