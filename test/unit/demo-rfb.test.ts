// The built-in VNC console: font, text screen, and the RFB server's handshake and updates.

import { describe, expect, it } from 'vitest';
import { glyphCount, glyphPixel } from '../../electron/demo/console/font5x7';
import { RfbServer } from '../../electron/demo/console/rfb-server';
import { CELL_HEIGHT, CELL_WIDTH, TextScreen } from '../../electron/demo/console/text-screen';
import { VmGetty } from '../../electron/demo/console/vm-getty';
import { vncResponse } from '../../electron/demo/console/vnc-auth';

function harness(password = 'secret12', valid = () => true) {
  const getty = new VmGetty('web01');
  const sent: Buffer[] = [];
  let ended = false;
  const server = new RfbServer({
    password,
    passwordValid: valid,
    name: 'web01',
    screen: getty.screen,
    onKey: (k, d) => getty.key(k, d),
    send: (b) => sent.push(Buffer.from(b)),
    end: () => {
      ended = true;
    },
  });
  let offset = 0;
  const all = () => Buffer.concat(sent);
  const read = (n: number) => {
    const b = all().subarray(offset, offset + n);
    if (b.length < n) throw new Error(`only ${b.length} of ${n} bytes sent`);
    offset += n;
    return b;
  };
  return { server, getty, read, ended: () => ended, pending: () => all().length - offset };
}

function handshake(h: ReturnType<typeof harness>, password: string) {
  h.server.start();
  expect(h.read(12).toString()).toBe('RFB 003.008\n');
  h.server.push(Buffer.from('RFB 003.008\n'));
  expect([...h.read(2)]).toEqual([1, 2]);
  h.server.push(Buffer.from([2]));
  const challenge = h.read(16);
  h.server.push(vncResponse(password, challenge));
  return h.read(4).readUInt32BE(0);
}

describe('5×7 font', () => {
  it('covers printable ASCII with distinct glyphs', () => {
    expect(glyphCount()).toBe(95);
    const shapes = new Set<string>();
    for (let c = 0x21; c <= 0x7e; c++) {
      let bits = '';
      for (let y = 0; y < 7; y++) for (let x = 0; x < 5; x++) bits += glyphPixel(c, x, y) ? 1 : 0;
      expect(bits, String.fromCharCode(c)).toContain('1');
      shapes.add(bits);
    }
    expect(shapes.size).toBe(94);
  });
});

describe('text screen', () => {
  it('draws characters into their cells and tracks the changed area', () => {
    const s = new TextScreen(10, 3);
    s.takeDirty();
    s.write('A');
    const d = s.takeDirty()!;
    expect(d.x).toBe(0);
    expect(d.w).toBeGreaterThanOrEqual(CELL_WIDTH);
    let ink = 0;
    for (let y = 0; y < CELL_HEIGHT - 2; y++)
      for (let x = 0; x < CELL_WIDTH; x++) if (s.pixels[y * s.width + x] !== 0) ink++;
    expect(ink).toBeGreaterThan(20);
    expect(s.charAt(0, 0)).toBe('A');
  });

  it('scrolls at the bottom', () => {
    const s = new TextScreen(10, 3);
    s.write('one\ntwo\nthree\nfour');
    expect(s.text()).toBe('two\nthree\nfour');
  });
});

describe('built-in RFB server', () => {
  it('completes VNC authentication and ServerInit with the VM name', () => {
    const h = harness();
    expect(handshake(h, 'secret12')).toBe(0);
    h.server.push(Buffer.from([1]));
    const init = h.read(24);
    expect(init.readUInt16BE(0)).toBe(80 * CELL_WIDTH);
    expect(init.readUInt16BE(2)).toBe(25 * CELL_HEIGHT);
    expect(init.readUInt8(4)).toBe(32);
    expect(h.read(init.readUInt32BE(20)).toString()).toBe('web01');
  });

  it('fails a wrong password with a reason and ends', () => {
    const h = harness();
    expect(handshake(h, 'wrong')).toBe(1);
    const len = h.read(4).readUInt32BE(0);
    expect(h.read(len).toString()).toBe('Authentication failed');
    expect(h.ended()).toBe(true);
  });

  it('fails an expired password even when right', () => {
    const h = harness('secret12', () => false);
    expect(handshake(h, 'secret12')).toBe(1);
  });

  it('echoes a key press into an incremental update, honouring a 16 bpp pixel format', () => {
    const h = harness();
    handshake(h, 'secret12');
    h.server.push(Buffer.from([1]));
    h.read(24 + 5);
    // SetPixelFormat: 16 bpp RGB565 big-endian.
    const pf = Buffer.alloc(20);
    pf.set([16, 16, 1, 1], 4);
    pf.writeUInt16BE(31, 8);
    pf.writeUInt16BE(63, 10);
    pf.writeUInt16BE(31, 12);
    pf.set([11, 5, 0], 14);
    h.server.push(pf);
    const req = (inc: number) => {
      const m = Buffer.alloc(10);
      m.writeUInt8(3, 0);
      m.writeUInt8(inc, 1);
      m.writeUInt16BE(960, 6);
      m.writeUInt16BE(400, 8);
      h.server.push(m);
    };
    req(0);
    const head = h.read(16);
    expect(head.readUInt16BE(2)).toBe(1);
    const w = head.readUInt16BE(8);
    const hh = head.readUInt16BE(10);
    expect([w, hh]).toEqual([960, 400]);
    h.read(w * hh * 2);
    req(1);
    expect(h.pending()).toBe(0); // nothing changed, the request waits
    const key = Buffer.alloc(8);
    key.writeUInt8(4, 0);
    key.writeUInt8(1, 1);
    key.writeUInt32BE(0x71, 4); // 'q'
    h.server.push(key);
    expect(h.pending()).toBeGreaterThan(16);
    expect(h.getty.screen.text()).toContain('web01 login: q');
    const upd = h.read(16);
    const pixels = h.read(upd.readUInt16BE(8) * upd.readUInt16BE(10) * 2);
    // Grey ink (0xAAAAAA) in RGB565 big-endian is 0xAD55.
    expect(pixels.includes(Buffer.from([0xad, 0x55]))).toBe(true);
  });
});
