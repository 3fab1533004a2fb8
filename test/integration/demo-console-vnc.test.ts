// The demo cluster's VNC consoles over real sockets (spec §7): RFB authentication against both
// backends (a real TigerVNC Xvnc, and the built-in server), stopped VMs, old-version tickets and
// the password's expiry.

import { describe, expect, it } from 'vitest';
import { missingXvncPrograms, XVNC_PACKAGES } from '../../electron/demo/console/xvnc';
import {
  createProxy,
  rfbAuthenticate,
  rfbInit,
  rfbKey,
  rfbReadUpdate,
  rfbRequest,
  rfbSetup,
} from './demo-ws';
import { vncResponse } from '../../electron/demo/console/vnc-auth';
import { agent, guest, open, start, taskEnd, taskLog } from './demo-console-kit';

function vncSuite(backend: 'builtin' | 'xvnc'): void {
  describe(`demo cluster: VNC consoles (${backend})`, () => {
    const startVnc = async () => {
      if (backend === 'xvnc') {
        const missing = missingXvncPrograms();
        if (missing.length > 0) {
          throw new Error(
            `the xvnc backend needs ${missing.join(', ')}: apt-get install ${XVNC_PACKAGES}`,
          );
        }
      }
      const r = await start({ vncBackend: backend });
      expect(r.d.consoleSupport().vnc).toBe(backend);
      return r;
    };

    it('authenticates with the vncproxy password (VNC auth, DES) and serves the screen', async () => {
      const { d, root } = await startVnc();
      const vm = await guest(
        root,
        (g) => g.type === 'qemu' && g.status === 'running' && g.node === 'pve1',
      );
      const { reply, proxy } = await createProxy(
        d,
        agent!,
        root,
        `/nodes/pve1/qemu/${vm.vmid}/vncproxy`,
        {
          websocket: '1',
        },
      );
      expect(reply.status).toBe(200);
      expect(proxy.cert).toBe(d.certificatePem);
      expect(proxy.password).toMatch(/^[\x21-\x60]{8}$/);
      expect(proxy.ticket.startsWith(`${proxy.password}:PVEVNC:`)).toBe(true);
      expect(proxy.upid).toContain(`:vncproxy:${vm.vmid}:root@pam:`);

      const sock = open(`/nodes/pve1/qemu/${vm.vmid}`, proxy, root);
      await sock.opened;
      expect(await rfbAuthenticate(sock, proxy.password!)).toEqual({ result: 0 });
      const init = await rfbInit(sock);
      expect(init.width).toBeGreaterThanOrEqual(640);
      expect(init.height).toBeGreaterThanOrEqual(400);
      expect(init.bitsPerPixel).toBe(32);
      expect(init.name).toContain(vm.name);

      rfbSetup(sock);
      const fb = Buffer.alloc(init.width * init.height * 4);
      // Wait for the console to show something (Xvnc's xterm needs a moment to map), then for
      // the screen to settle.
      const lit = Date.now() + 20_000;
      do {
        rfbRequest(sock, init, false);
        await rfbReadUpdate(sock, init, fb);
      } while (!fb.some((b, i) => i % 4 !== 3 && b !== 0) && Date.now() < lit);
      let before = Buffer.from(fb);
      for (let tries = 0; tries < 40; tries++) {
        rfbRequest(sock, init, false);
        await rfbReadUpdate(sock, init, fb);
        if (fb.equals(before)) break;
        before = Buffer.from(fb);
      }
      for (const ch of 'xyz') rfbKey(sock, ch.charCodeAt(0));
      const deadline = Date.now() + 15_000;
      while (fb.equals(before) && Date.now() < deadline) {
        rfbRequest(sock, init, true);
        await rfbReadUpdate(sock, init, fb);
      }
      expect(fb.equals(before)).toBe(false);
      expect(d.consoleSessions()).toEqual([
        { kind: 'vnc', node: 'pve1', vmid: vm.vmid, authid: 'root@pam' },
      ]);
      sock.ws.close();
      expect((await taskEnd(proxy.upid, root)).exitstatus).toBe('OK');
    });

    it('refuses a wrong password with SecurityResult failed', async () => {
      const { d, root } = await startVnc();
      const vm = await guest(
        root,
        (g) => g.type === 'qemu' && g.status === 'running' && g.node === 'pve1',
      );
      const { proxy } = await createProxy(d, agent!, root, `/nodes/pve1/qemu/${vm.vmid}/vncproxy`, {
        websocket: '1',
      });
      const sock = open(`/nodes/pve1/qemu/${vm.vmid}`, proxy, root);
      await sock.opened;
      const wrong = proxy.password === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
      const r = await rfbAuthenticate(sock, wrong);
      expect(r.result).toBe(1);
      expect(r.reason).toMatch(/Authentication fail/);
    });
  });
}

vncSuite('builtin');
vncSuite('xvnc');

describe('demo cluster: VNC details', () => {
  it('connects to a stopped VM, then closes: the task says why', async () => {
    const { d, root } = await start({ vncBackend: 'builtin' });
    const vm = await guest(
      root,
      (g) => g.type === 'qemu' && g.status === 'stopped' && g.node !== 'pve3',
    );
    const { reply, proxy } = await createProxy(
      d,
      agent!,
      root,
      `/nodes/${vm.node}/qemu/${vm.vmid}/vncproxy`,
      {
        websocket: '1',
      },
    );
    expect(reply.status).toBe(200);
    const sock = open(`/nodes/${vm.node}/qemu/${vm.vmid}`, proxy, root);
    await sock.opened;
    expect(await sock.closed).toBe(1006);
    expect(sock.length).toBe(0);
    expect((await taskEnd(proxy.upid, root)).exitstatus).toBe('Failed to run vncproxy.');
    expect(await taskLog(proxy.upid, root)).toContain(`VM ${vm.vmid} not running`);
  });

  it('before 9.1.9 the ticket is the VNC password (its first 8 bytes) and no port is bound', async () => {
    const { d, root } = await start({ vncBackend: 'builtin', version: '9.1.2' });
    const vm = await guest(
      root,
      (g) => g.type === 'qemu' && g.status === 'running' && g.node === 'pve1',
    );
    const { proxy } = await createProxy(d, agent!, root, `/nodes/pve1/qemu/${vm.vmid}/vncproxy`, {
      websocket: '1',
    });
    expect(proxy.password).toBeUndefined();
    expect(proxy.ticket).toMatch(/^PVEVNC:/);
    const sock = open(`/nodes/pve1/qemu/${vm.vmid}`, proxy, root);
    await sock.opened;
    expect((await rfbAuthenticate(sock, proxy.ticket.slice(0, 8))).result).toBe(0);
  });

  it('expires the VNC password 30 s after the connection', async () => {
    const { d, root } = await start({ vncBackend: 'builtin' });
    const vm = await guest(
      root,
      (g) => g.type === 'qemu' && g.status === 'running' && g.node === 'pve1',
    );
    const { proxy } = await createProxy(d, agent!, root, `/nodes/pve1/qemu/${vm.vmid}/vncproxy`, {
      websocket: '1',
    });
    const sock = open(`/nodes/pve1/qemu/${vm.vmid}`, proxy, root);
    await sock.opened;
    await sock.read(12);
    d.advanceClock(31);
    sock.send(Buffer.from('RFB 003.008\n'));
    await sock.read(2);
    sock.send(Buffer.from([2]));
    const challenge = Buffer.from(await sock.read(16));
    // The right answer, too late: QEMU's expire_password +30 has passed.
    sock.send(vncResponse(proxy.password!, challenge));
    expect((await sock.read(4)).readUInt32BE(0)).toBe(1);
  });
});
