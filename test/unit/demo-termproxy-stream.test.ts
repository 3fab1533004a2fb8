// The demo's termproxy input parser follows pve-xtermjs termproxy/src/main.rs byte for byte.

import { describe, expect, it } from 'vitest';
import {
  encodeInput,
  encodeResize,
  TermproxyStream,
  type TermEvent,
} from '../../electron/demo/console/termproxy-stream';

function run(
  chunks: Array<string | Buffer>,
): Array<{ kind: string; text?: string; size?: string }> {
  const p = new TermproxyStream();
  const out: TermEvent[] = [];
  for (const c of chunks) out.push(...p.push(typeof c === 'string' ? Buffer.from(c) : c));
  // Adjacent input pieces are one byte stream to the PTY.
  const merged: Array<{ kind: string; text?: string; size?: string }> = [];
  for (const e of out) {
    const last = merged[merged.length - 1];
    if (e.kind === 'input') {
      if (last?.kind === 'input') last.text += e.data.toString('utf8');
      else merged.push({ kind: 'input', text: e.data.toString('utf8') });
    } else merged.push({ kind: 'resize', size: `${e.cols}x${e.rows}` });
  }
  return merged;
}

describe('termproxy input stream', () => {
  it('reads input, resize and skips pings and junk bytes', () => {
    expect(run(['0:5:hello1:120:40:2x0:1:!'])).toEqual([
      { kind: 'input', text: 'hello' },
      { kind: 'resize', size: '120x40' },
      { kind: 'input', text: '!' },
    ]);
  });

  it('counts the length in UTF-8 bytes', () => {
    expect(encodeInput('äö').toString()).toBe('0:4:äö');
    expect(run([encodeInput('äö'), encodeInput('x')])).toEqual([{ kind: 'input', text: 'äöx' }]);
  });

  it('lets data run across reads once the header is complete', () => {
    expect(run(['0:11:hel', 'lo wo', 'rld0:1:?'])).toEqual([
      { kind: 'input', text: 'hello world?' },
    ]);
  });

  it('loses a header split across reads, exactly as termproxy does', () => {
    // `0:` is consumed, `5` waits, then `5:hello` is read as type '5' (skipped) and so on.
    expect(run(['0:5', ':hello', '0:2:ok'])).toEqual([{ kind: 'input', text: 'ok' }]);
  });

  it('drops 20 bytes at a time when no length delimiter appears', () => {
    // 30 digits, no ':': 20 are dropped, the other ten are skipped as unknown types.
    expect(run(['0:' + '9'.repeat(30), '0:1:a'])).toEqual([{ kind: 'input', text: 'a' }]);
    // A length that does not fit usize is an error; that message is lost.
    expect(run(['0:' + '9'.repeat(30) + ':x0:1:b'])).toEqual([{ kind: 'input', text: 'b' }]);
  });

  it('encodes resize with columns first', () => {
    expect(encodeResize(100, 30).toString()).toBe('1:100:30:');
  });
});
