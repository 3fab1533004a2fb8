// A minimal RFB (VNC) server as QEMU's built-in one behaves toward noVNC: protocol 3.8 (3.7 and
// 3.3 on request), VNC Authentication only (security type 2, as PVE's `password=on` displays),
// SetPixelFormat honoured for true-colour formats of 8/16/32 bpp, Raw encoding, incremental and
// full FramebufferUpdateRequests. Key events go to the caller; pointer and clipboard messages are
// read and ignored. The protocol is RFC 6143.

import { randomBytes } from 'node:crypto';
import type { Rect, TextScreen } from './text-screen';
import { checkVncResponse } from './vnc-auth';

export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** QEMU's initial format: 32 bpp, depth 24, little-endian xRGB. */
const DEFAULT_PIXEL_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export interface RfbServerOptions {
  /** the VNC password (only its first 8 bytes count) */
  password: string;
  /** false once the password has expired (QEMU expire_password) */
  passwordValid: () => boolean;
  /** desktop name in ServerInit (QEMU: the VM's -name) */
  name: string;
  screen: TextScreen;
  onKey: (keysym: number, down: boolean) => void;
  send: (bytes: Buffer) => void;
  /** the connection must end (protocol error or failed authentication) */
  end: () => void;
}

type State = 'version' | 'security' | 'auth' | 'init' | 'normal' | 'closed';

const AUTH_FAILED = 'Authentication failed';
const SEC_VNC_AUTH = 2;

function encodePixelFormat(pf: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(pf.bitsPerPixel, 0);
  b.writeUInt8(pf.depth, 1);
  b.writeUInt8(pf.bigEndian ? 1 : 0, 2);
  b.writeUInt8(pf.trueColour ? 1 : 0, 3);
  b.writeUInt16BE(pf.redMax, 4);
  b.writeUInt16BE(pf.greenMax, 6);
  b.writeUInt16BE(pf.blueMax, 8);
  b.writeUInt8(pf.redShift, 10);
  b.writeUInt8(pf.greenShift, 11);
  b.writeUInt8(pf.blueShift, 12);
  return b;
}

function decodePixelFormat(b: Buffer): PixelFormat {
  return {
    bitsPerPixel: b.readUInt8(0),
    depth: b.readUInt8(1),
    bigEndian: b.readUInt8(2) !== 0,
    trueColour: b.readUInt8(3) !== 0,
    redMax: b.readUInt16BE(4),
    greenMax: b.readUInt16BE(6),
    blueMax: b.readUInt16BE(8),
    redShift: b.readUInt8(10),
    greenShift: b.readUInt8(11),
    blueShift: b.readUInt8(12),
  };
}

/** Raw-encode a rectangle of 0xRRGGBB pixels in the client's pixel format. */
function encodeRaw(pixels: Uint32Array, stride: number, r: Rect, pf: PixelFormat): Buffer {
  const bpp = pf.bitsPerPixel / 8;
  const out = Buffer.alloc(r.w * r.h * bpp);
  let o = 0;
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const rgb = pixels[y * stride + x]!;
      const v =
        ((Math.round((((rgb >> 16) & 0xff) * pf.redMax) / 255) << pf.redShift) |
          (Math.round((((rgb >> 8) & 0xff) * pf.greenMax) / 255) << pf.greenShift) |
          (Math.round(((rgb & 0xff) * pf.blueMax) / 255) << pf.blueShift)) >>>
        0;
      if (bpp === 4) {
        if (pf.bigEndian) out.writeUInt32BE(v, o);
        else out.writeUInt32LE(v, o);
      } else if (bpp === 2) {
        if (pf.bigEndian) out.writeUInt16BE(v & 0xffff, o);
        else out.writeUInt16LE(v & 0xffff, o);
      } else {
        out[o] = v & 0xff;
      }
      o += bpp;
    }
  }
  return out;
}

function intersect(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.w, b.x + b.w);
  const y1 = Math.min(a.y + a.h, b.y + b.h);
  return x1 > x && y1 > y ? { x, y, w: x1 - x, h: y1 - y } : undefined;
}

export class RfbServer {
  private state: State = 'version';
  private buf: Buffer = Buffer.alloc(0);
  private minor = 8;
  private challenge = Buffer.alloc(0);
  private pf: PixelFormat = DEFAULT_PIXEL_FORMAT;
  /** an incremental update request waiting for the screen to change */
  private pending: Rect | undefined;
  /** the screen area changed since the client last got it */
  private stale: Rect | undefined;

  constructor(private readonly opts: RfbServerOptions) {}

  start(): void {
    this.opts.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  /** Bytes from the client. */
  push(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    // Each step consumes one whole message; it returns false when it needs more bytes or ended.
    while (this.step()) {
      // next message
    }
  }

  /** The screen changed: answer a waiting incremental request. */
  screenChanged(): void {
    const d = this.opts.screen.takeDirty();
    if (d) this.stale = this.stale ? union(this.stale, d) : d;
    if (this.state !== 'normal' || !this.pending || !this.stale) return;
    const area = intersect(this.pending, this.stale);
    if (!area) return;
    this.pending = undefined;
    this.stale = undefined;
    this.sendUpdate(area);
  }

  private take(n: number): Buffer | undefined {
    if (this.buf.length < n) return undefined;
    const b = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return b;
  }

  private fail(reason?: string): void {
    if (reason !== undefined && this.minor >= 8) {
      const r = Buffer.from(reason, 'latin1');
      const b = Buffer.alloc(8);
      b.writeUInt32BE(1, 0);
      b.writeUInt32BE(r.length, 4);
      this.opts.send(Buffer.concat([b, r]));
    } else if (reason !== undefined) {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(1, 0);
      this.opts.send(b);
    }
    this.state = 'closed';
    this.opts.end();
  }

  private step(): boolean {
    switch (this.state) {
      case 'version': {
        const v = this.take(12);
        if (!v) return false;
        const m = /^RFB 003\.(\d{3})\n$/.exec(v.toString('latin1'));
        if (!m) {
          this.fail();
          return false;
        }
        const minor = Number(m[1]);
        // RFC 6143 §7.1.1: unknown minors below 7 are treated as 3.3, above 8 as 3.8.
        this.minor = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
        this.challenge = randomBytes(16);
        if (this.minor === 3) {
          const b = Buffer.alloc(4);
          b.writeUInt32BE(SEC_VNC_AUTH, 0);
          this.opts.send(Buffer.concat([b, this.challenge]));
          this.state = 'auth';
        } else {
          this.opts.send(Buffer.from([1, SEC_VNC_AUTH]));
          this.state = 'security';
        }
        return true;
      }
      case 'security': {
        const t = this.take(1);
        if (!t) return false;
        if (t[0] !== SEC_VNC_AUTH) {
          this.fail(AUTH_FAILED);
          return false;
        }
        this.opts.send(this.challenge);
        this.state = 'auth';
        return true;
      }
      case 'auth': {
        const r = this.take(16);
        if (!r) return false;
        const ok =
          this.opts.passwordValid() && checkVncResponse(this.opts.password, this.challenge, r);
        if (!ok) {
          this.fail(AUTH_FAILED);
          return false;
        }
        this.opts.send(Buffer.alloc(4)); // SecurityResult OK
        this.state = 'init';
        return true;
      }
      case 'init': {
        if (!this.take(1)) return false; // shared flag: one viewer per session anyway
        const { screen, name } = this.opts;
        const n = Buffer.from(name, 'utf8');
        const head = Buffer.alloc(4);
        head.writeUInt16BE(screen.width, 0);
        head.writeUInt16BE(screen.height, 2);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(n.length, 0);
        this.opts.send(Buffer.concat([head, encodePixelFormat(this.pf), len, n]));
        this.state = 'normal';
        return true;
      }
      case 'normal':
        return this.message();
      default:
        return false;
    }
  }

  private message(): boolean {
    if (this.buf.length < 1) return false;
    const type = this.buf[0]!;
    switch (type) {
      case 0: {
        const m = this.take(20);
        if (!m) return false;
        const pf = decodePixelFormat(m.subarray(4));
        if (![8, 16, 32].includes(pf.bitsPerPixel) || !pf.trueColour) {
          // Colour maps are not offered (QEMU refuses them too for non-8-bit clients).
          this.fail();
          return false;
        }
        this.pf = pf;
        return true;
      }
      case 2: {
        if (this.buf.length < 4) return false;
        const count = this.buf.readUInt16BE(2);
        return this.take(4 + 4 * count) !== undefined;
      }
      case 3: {
        const m = this.take(10);
        if (!m) return false;
        const incremental = m[1] !== 0;
        const want: Rect = {
          x: m.readUInt16BE(2),
          y: m.readUInt16BE(4),
          w: m.readUInt16BE(6),
          h: m.readUInt16BE(8),
        };
        const full: Rect = { x: 0, y: 0, w: this.opts.screen.width, h: this.opts.screen.height };
        const area = intersect(want, full);
        if (!area) return true;
        if (!incremental) {
          if (area.w === full.w && area.h === full.h) {
            // The client now has everything: older changes are no longer news.
            this.opts.screen.takeDirty();
            this.stale = undefined;
          }
          this.sendUpdate(area);
        } else {
          this.pending = area;
          this.screenChanged();
        }
        return true;
      }
      case 4: {
        const m = this.take(8);
        if (!m) return false;
        this.opts.onKey(m.readUInt32BE(4), m[1] !== 0);
        this.screenChanged();
        return true;
      }
      case 5:
        return this.take(6) !== undefined;
      case 6: {
        if (this.buf.length < 8) return false;
        const len = this.buf.readUInt32BE(4);
        return this.take(8 + len) !== undefined;
      }
      default:
        // An unknown message cannot be skipped: its length is unknown.
        this.fail();
        return false;
    }
  }

  private sendUpdate(r: Rect): void {
    const { screen } = this.opts;
    const head = Buffer.alloc(4 + 12);
    head.writeUInt8(0, 0);
    head.writeUInt16BE(1, 2);
    head.writeUInt16BE(r.x, 4);
    head.writeUInt16BE(r.y, 6);
    head.writeUInt16BE(r.w, 8);
    head.writeUInt16BE(r.h, 10);
    head.writeInt32BE(0, 12); // Raw
    this.opts.send(Buffer.concat([head, encodeRaw(screen.pixels, screen.width, r, this.pf)]));
  }
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    w: Math.max(a.x + a.w, b.x + b.w) - x,
    h: Math.max(a.y + a.h, b.y + b.h) - y,
  };
}
