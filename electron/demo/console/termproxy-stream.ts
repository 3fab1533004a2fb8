// The client→server byte stream of a termproxy session after the auth line (spec §7), parsed the
// way pve-xtermjs termproxy/src/main.rs (process_queue, remove_number) parses it, quirks included:
//   `0:<len>:<data>`  input; <len> is a byte count and the data may arrive in later reads
//   `1:<cols>:<rows>:` resize
//   anything else      skipped one byte at a time (`2` is the client's keep-alive ping)
// Like termproxy, the parser sees the stream in reads (here: one websocket message each). A header
// cut between two reads is lost exactly as termproxy loses it: its two type bytes are consumed,
// the length digits that did arrive are then taken as message types. Clients must keep each
// header whole in one message; data may be split anywhere.

export type TermEvent =
  { kind: 'input'; data: Buffer } | { kind: 'resize'; cols: number; rows: number };

const COLON = 0x3a;
const ZERO = 0x30;
// remove_number drops 20 bytes at a time when no ':' shows up in a longer buffer.
const NUMBER_WINDOW = 20;

export class TermproxyStream {
  private buf: Buffer = Buffer.alloc(0);
  /** data bytes still owed to the current `0:` message */
  private remaining = 0;

  /** Feed one read; returns what termproxy would do with it, in order. */
  push(chunk: Buffer): TermEvent[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const out: TermEvent[] = [];
    while (this.buf.length > 0) {
      if (this.remaining === 0) {
        const len = this.processQueue(out);
        if (len === undefined) break;
        this.remaining = len;
        if (len === 0) continue;
      }
      const n = Math.min(this.remaining, this.buf.length);
      out.push({ kind: 'input', data: this.buf.subarray(0, n) });
      this.remaining -= n;
      this.buf = this.buf.subarray(n);
    }
    return out;
  }

  private consume(n: number): void {
    this.buf = this.buf.subarray(n);
  }

  private processQueue(out: TermEvent[]): number | undefined {
    while (this.buf.length >= 2) {
      const type = (this.buf[0]! - ZERO) & 0xff;
      if (type === 0) {
        this.consume(2);
        const len = this.removeNumber();
        if (len !== undefined) return len;
      } else if (type === 1) {
        this.consume(2);
        const cols = this.removeNumber();
        if (cols !== undefined) {
          const rows = this.removeNumber();
          if (rows !== undefined)
            out.push({ kind: 'resize', cols: cols & 0xffff, rows: rows & 0xffff });
        }
      } else {
        this.consume(1);
      }
    }
    return undefined;
  }

  private removeNumber(): number | undefined {
    for (;;) {
      const pos = this.buf.indexOf(COLON);
      if (pos >= 0) {
        const text = this.buf.subarray(0, pos).toString('latin1');
        this.consume(pos + 1);
        // Rust's usize::from_str: optional '+', then decimal digits.
        if (!/^\+?\d+$/.test(text)) return undefined;
        const n = Number(text.replace('+', ''));
        return Number.isSafeInteger(n) ? n : undefined;
      }
      if (this.buf.length > NUMBER_WINDOW) this.consume(NUMBER_WINDOW);
      else return undefined;
    }
  }
}

/** Client side of the same framing, for tests and tools: one input message. */
export function encodeInput(text: string | Buffer): Buffer {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return Buffer.concat([Buffer.from(`0:${data.length}:`), data]);
}

export function encodeResize(cols: number, rows: number): Buffer {
  return Buffer.from(`1:${cols}:${rows}:`);
}
