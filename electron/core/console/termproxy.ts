// The termproxy wire protocol, client side (spec §7, pve-xtermjs termproxy): an auth line, then
// `OK` from the server, then raw PTY bytes one way and a framed byte stream the other way.

const encoder = new TextEncoder();

/** `<authid>:<ticket>\n`: authid is the `user` of the termproxy reply, the ticket exactly as given. */
export function authLine(user: string, ticket: string): Buffer {
  return Buffer.from(`${user}:${ticket}\n`, 'utf8');
}

/** `0:<len>:<data>`, len = byte length (UTF-8 for text). */
export function inputFrame(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return Buffer.concat([Buffer.from(`0:${String(bytes.byteLength)}:`, 'ascii'), bytes]);
}

/** pveproxy takes client frames of at most 128 KiB; keep input messages well below that. */
const MAX_INPUT_BYTES = 32 * 1024;

/**
 * Cut input (a big paste) into pieces of at most `max` bytes, at UTF-8 character boundaries, so
 * that each goes out as its own frame and message.
 */
export function splitInput(data: Uint8Array, max = MAX_INPUT_BYTES): Uint8Array[] {
  if (data.byteLength <= max) return [data];
  const pieces: Uint8Array[] = [];
  let start = 0;
  while (start < data.byteLength) {
    let end = Math.min(start + max, data.byteLength);
    if (end < data.byteLength) {
      // Back off to the start of a character (continuation bytes are 10xxxxxx).
      let cut = end;
      while (cut > start && ((data[cut] ?? 0) & 0xc0) === 0x80) cut--;
      if (cut > start) end = cut;
    }
    pieces.push(data.subarray(start, end));
    start = end;
  }
  return pieces;
}

/** `1:<cols>:<rows>:`, columns first. */
export function resizeFrame(cols: number, rows: number): Buffer {
  return Buffer.from(`1:${String(cols)}:${String(rows)}:`, 'ascii');
}

/** termproxy ignores it; it keeps idle proxies and middle boxes from closing the connection. */
export const PING_FRAME = Buffer.from('2', 'ascii');

export type OkResult =
  { state: 'waiting' } | { state: 'ok'; rest: Buffer } | { state: 'refused'; got: Buffer };

/**
 * Waits for the server's `OK`. It may arrive split across frames, or share a frame with the first
 * output bytes; anything else first means the server is not speaking termproxy to us.
 */
export class OkDetector {
  private seen = Buffer.alloc(0);

  feed(chunk: Buffer): OkResult {
    this.seen = Buffer.concat([this.seen, chunk]);
    if (this.seen.length === 0) return { state: 'waiting' };
    if (this.seen[0] !== 0x4f /* O */) return { state: 'refused', got: this.seen };
    if (this.seen.length < 2) return { state: 'waiting' };
    if (this.seen[1] !== 0x4b /* K */) return { state: 'refused', got: this.seen };
    return { state: 'ok', rest: this.seen.subarray(2) };
  }
}
