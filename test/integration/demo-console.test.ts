// The demo cluster's consoles over real sockets (spec §7): termproxy shells in a real PTY behind
// the vncwebsocket, VNC tickets and their checks, version-dependent token behaviour, and VNC with
// RFB authentication against both backends (a real TigerVNC Xvnc, and the built-in server).

import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeInput, encodeResize } from '../../electron/demo/console/termproxy-stream';
import { missingXvncPrograms, XVNC_PACKAGES } from '../../electron/demo/console/xvnc';
import {
  startDemoCluster,
  type DemoCluster,
  type DemoClusterOptions,
} from '../../electron/demo/index';
import { demoRequest } from './demo-http';
import {
  authHeaders,
  ConsoleSocket,
  createProxy,
  loginAs,
  rfbAuthenticate,
  rfbInit,
  rfbKey,
  rfbReadUpdate,
  rfbRequest,
  rfbSetup,
  tokenAuth,
  websocketUrl,
  type Auth,
  type ProxyReply,
} from './demo-ws';
import { vncResponse } from '../../electron/demo/console/vnc-auth';

interface Resource {
  id: string;
  type: string;
  node: string;
  vmid?: number;
  name?: string;
  status: string;
  template?: number;
}

let demo: DemoCluster | undefined;
let agent: Agent | undefined;
const sockets: ConsoleSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await agent?.close();
  await demo?.close();
  demo = undefined;
  agent = undefined;
});

async function start(opts: DemoClusterOptions = {}): Promise<{ d: DemoCluster; root: Auth }> {
  demo = await startDemoCluster({ taskTimeScale: 0.05, statsIntervalMs: 3_600_000, ...opts });
  agent = new Agent({ connect: { ca: demo.certificatePem }, keepAliveTimeout: 4000 });
  const root = await loginAs(demo, agent, demo.credentials.username, demo.credentials.password);
  return { d: demo, root };
}

async function get(path: string, auth: Auth): Promise<unknown> {
  const r = await demoRequest(demo!, agent!, 'GET', path, { headers: authHeaders(auth, false) });
  expect(r.status, `${path}: ${r.reason}`).toBe(200);
  return r.json!.data;
}

async function guest(root: Auth, match: (r: Resource) => boolean): Promise<Resource> {
  const list = (await get('/cluster/resources?type=vm', root)) as Resource[];
  const g = list.find((r) => !r.template && match(r));
  if (!g) throw new Error('no such guest in the demo cluster');
  return g;
}

function open(base: string, p: ProxyReply, auth: Auth, protocol?: string): ConsoleSocket {
  const s = new ConsoleSocket(websocketUrl(demo!, base, p.port, p.ticket), demo!, auth, protocol);
  sockets.push(s);
  return s;
}

async function taskStatus(upid: string, auth: Auth): Promise<Record<string, unknown>> {
  const node = upid.split(':')[1]!;
  return (await get(`/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`, auth)) as Record<
    string,
    unknown
  >;
}

async function taskEnd(upid: string, auth: Auth): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = await taskStatus(upid, auth);
    if (s.status === 'stopped') return s;
    if (Date.now() > deadline) throw new Error(`task ${upid} still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function taskLog(upid: string, auth: Auth): Promise<string[]> {
  const node = upid.split(':')[1]!;
  const data = (await get(
    `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log?limit=0`,
    auth,
  )) as Array<{ t: string }>;
  return data.map((l) => l.t);
}

/** Open a node shell as root and get past `OK`. */
async function rootShell(root: Auth): Promise<{ sock: ConsoleSocket; proxy: ProxyReply }> {
  const { proxy } = await createProxy(demo!, agent!, root, '/nodes/pve1/termproxy');
  const sock = open('/nodes/pve1', proxy, root);
  await sock.opened;
  sock.send(`${proxy.user}:${proxy.ticket}\n`);
  await sock.waitForText(/^OK/);
  await sock.waitForText('root@pve1:');
  return { sock, proxy };
}

describe('demo cluster: termproxy consoles', () => {
  it('opens a node shell: ticket reply, OK, a real shell that runs what is typed', async () => {
    const { d, root } = await start();
    expect(d.consoleSupport().pty).toBe(true);
    const { reply, proxy } = await createProxy(d, agent!, root, '/nodes/pve1/termproxy');
    expect(reply.status).toBe(200);
    expect(proxy.user).toBe('root@pam');
    expect(proxy.ticket).toMatch(/^PVEVNC:[0-9A-F]{8}::[A-Za-z0-9+/=]+$/);
    expect(proxy.port).toBeGreaterThanOrEqual(5900);
    expect(proxy.port).toBeLessThanOrEqual(5999);
    expect(proxy.upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vncshell::root@pam:$/,
    );
    expect((await taskStatus(proxy.upid, root)).status).toBe('running');

    const sock = open('/nodes/pve1', proxy, root);
    await sock.opened;
    expect(sock.ws.protocol).toBe('binary');
    sock.send(`${proxy.user}:${proxy.ticket}\n`);
    await sock.waitForText(/^OK/);
    await sock.waitForText('root@pve1:');
    const mark = sock.length;
    sock.send(encodeInput('echo deckhand-$((6*7))\r'));
    await sock.waitForText('deckhand-42', 10_000, mark);

    const tasks = (await get('/cluster/tasks', root)) as Array<{ upid: string; type: string }>;
    expect(tasks.find((t) => t.upid === proxy.upid)?.type).toBe('vncshell');

    // Closing the websocket ends termproxy normally.
    sock.ws.close();
    expect((await taskEnd(proxy.upid, root)).exitstatus).toBe('OK');
    expect((await taskLog(proxy.upid, root))[0]).toMatch(/^client connection: 127\.0\.0\.1:\d+$/);
  });

  it('resizes the PTY with 1:cols:rows:, and consoleSessions() shows the size', async () => {
    const { d, root } = await start();
    const { sock } = await rootShell(root);
    expect(d.consoleSessions()).toEqual([
      { kind: 'shell', node: 'pve1', authid: 'root@pam', cols: 80, rows: 20 },
    ]);
    sock.send(encodeResize(120, 40));
    const mark = sock.length;
    sock.send(encodeInput('stty size\r'));
    await sock.waitForText(/40 120/, 10_000, mark);
    expect(d.consoleSessions()[0]).toMatchObject({ cols: 120, rows: 40 });
  });

  it('parses the input stream independently of websocket frames; ping `2` is ignored', async () => {
    const { root } = await start();
    const { sock } = await rootShell(root);
    let mark = sock.length;
    // Several messages, a ping and a junk byte in one frame.
    sock.send(
      Buffer.concat([encodeInput('echo merged-'), Buffer.from('2'), encodeInput('$((1+1))\r')]),
    );
    await sock.waitForText('merged-2', 10_000, mark);
    // One message's data split over three frames (UTF-8 length counts bytes).
    mark = sock.length;
    const whole = encodeInput('echo split-äö-$((2*21))\r');
    const header = whole.indexOf(':', 2) + 1;
    sock.send(whole.subarray(0, header + 5));
    sock.send(whole.subarray(header + 5, header + 13));
    sock.send(whole.subarray(header + 13));
    await sock.waitForText('split-äö-42', 10_000, mark);
  });

  it('refuses a wrong ticket in the auth line: no OK, the socket closes', async () => {
    const { root } = await start();
    const { proxy } = await createProxy(demo!, agent!, root, '/nodes/pve1/termproxy');
    const sock = open('/nodes/pve1', proxy, root);
    await sock.opened;
    sock.send(`root@pam:${proxy.ticket.slice(0, -4)}AAAA\n`);
    await sock.closed;
    expect(sock.text()).toBe('');
    const end = await taskEnd(proxy.upid, root);
    expect(end.exitstatus).toMatch(/^command '\/usr\/bin\/termproxy \d+ .*' failed: exit code 1$/);
    expect(await taskLog(proxy.upid, root)).toContain('authentication request failed');
  });

  it('refuses an auth line naming another user than the ticket', async () => {
    const { root } = await start();
    const { proxy } = await createProxy(demo!, agent!, root, '/nodes/pve1/termproxy');
    const sock = open('/nodes/pve1', proxy, root);
    await sock.opened;
    sock.send(`audit@pve:${proxy.ticket}\n`);
    await sock.closed;
    expect(sock.text()).toBe('');
  });

  it('refuses an expired ticket at the websocket (401), after advanceClock(60)', async () => {
    const { d, root } = await start();
    const { proxy } = await createProxy(d, agent!, root, '/nodes/pve1/termproxy');
    d.advanceClock(60);
    // The login ticket is still fresh; only the 40 s VNC ticket has expired.
    const sock = open('/nodes/pve1', proxy, root);
    await expect(sock.opened).rejects.toThrow(/401/);
    expect(sock.refusal?.reason).toBe('permission denied - invalid PVEVNC ticket');
  });

  it('refuses a ticket used for another port (port-bound since 9.1.9)', async () => {
    const { d, root } = await start();
    const a = (await createProxy(d, agent!, root, '/nodes/pve1/termproxy')).proxy;
    const b = (await createProxy(d, agent!, root, '/nodes/pve1/termproxy')).proxy;
    expect(b.port).not.toBe(a.port);
    const sock = open('/nodes/pve1', { ...a, port: b.port }, root);
    await expect(sock.opened).rejects.toThrow(/401/);
  });

  it("refuses another identity's ticket at the websocket", async () => {
    const { d, root } = await start();
    const { proxy } = await createProxy(d, agent!, root, '/nodes/pve1/termproxy');
    // The token is root@pam!deckhand, not root@pam: the ticket names the other.
    const sock = open('/nodes/pve1', proxy, tokenAuth(d));
    await expect(sock.opened).rejects.toThrow(/401/);
    // Without the right cookie it never gets that far.
    const audit = await loginAs(d, agent!, 'audit@pve', d.credentials.readonlyUser.password);
    const denied = open('/nodes/pve1', proxy, audit);
    await expect(denied.opened).rejects.toThrow(/403/);
  });

  it('echoes the subprotocol verbatim and requires Sec-WebSocket-Version 13', async () => {
    const { d, root } = await start();
    const { proxy } = await createProxy(d, agent!, root, '/nodes/pve1/termproxy');
    const sock = open('/nodes/pve1', proxy, root, 'base64');
    await sock.opened;
    expect(sock.ws.protocol).toBe('base64');

    // An old websocket version gets pveproxy's 500, after the ticket was checked.
    const { proxy: p2 } = await createProxy(d, agent!, root, '/nodes/pve1/termproxy');
    const url = new URL(
      websocketUrl(d, '/nodes/pve1', p2.port, p2.ticket).replace(/^wss/, 'https'),
    );
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpsRequest(url, {
        ca: d.certificatePem,
        headers: {
          ...authHeaders(root, false),
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '8',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('response', resolve);
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    res.resume();
    expect(res.statusCode).toBe(500);
    expect(res.statusMessage).toBe("unsupported websocket-version '8'");
  });

  it('fails the task when nobody connects within 10 s (simulated clock)', async () => {
    const { d, root } = await start();
    const { proxy } = await createProxy(d, agent!, root, '/nodes/pve1/termproxy');
    d.advanceClock(11);
    const end = await taskEnd(proxy.upid, root);
    expect(end.exitstatus).toMatch(/failed: exit code 1$/);
    expect(await taskLog(proxy.upid, root)).toContain('failed waiting for client: timed out');
    expect(d.consoleSessions()).toEqual([]);
  });

  it('gives a container console with the CT name in the prompt', async () => {
    const { root } = await start();
    const ct = await guest(
      root,
      (g) => g.type === 'lxc' && g.status === 'running' && g.node === 'pve1',
    );
    const { proxy } = await createProxy(
      demo!,
      agent!,
      root,
      `/nodes/pve1/lxc/${ct.vmid}/termproxy`,
    );
    expect(proxy.upid).toContain(`:vncproxy:${ct.vmid}:root@pam:`);
    const sock = open(`/nodes/pve1/lxc/${ct.vmid}`, proxy, root);
    await sock.opened;
    sock.send(`${proxy.user}:${proxy.ticket}\n`);
    await sock.waitForText(`root@${ct.name}:`);
    expect(demo!.consoleSessions()[0]).toMatchObject({ kind: 'lxc', vmid: ct.vmid });
  });

  it('gives a VM serial console where serial0 exists, and qm terminal errors where not', async () => {
    const { root } = await start();
    const cfgOf = async (g: Resource) =>
      (await get(`/nodes/${g.node}/qemu/${g.vmid}/config`, root)) as Record<string, unknown>;
    const running = ((await get('/cluster/resources?type=vm', root)) as Resource[]).filter(
      (g) => g.type === 'qemu' && g.status === 'running' && g.node === 'pve1' && !g.template,
    );
    let withSerial: Resource | undefined;
    let without: Resource | undefined;
    for (const g of running) {
      if ((await cfgOf(g)).serial0 === 'socket') withSerial ??= g;
      else without ??= g;
    }
    expect(withSerial && without).toBeTruthy();

    const a = (
      await createProxy(demo!, agent!, root, `/nodes/pve1/qemu/${withSerial!.vmid}/termproxy`)
    ).proxy;
    const sa = open(`/nodes/pve1/qemu/${withSerial!.vmid}`, a, root);
    await sa.opened;
    sa.send(`${a.user}:${a.ticket}\n`);
    await sa.waitForText('starting serial terminal on interface serial0');
    await sa.waitForText(`root@${withSerial!.name}:`);

    const b = (
      await createProxy(demo!, agent!, root, `/nodes/pve1/qemu/${without!.vmid}/termproxy`)
    ).proxy;
    const sb = open(`/nodes/pve1/qemu/${without!.vmid}`, b, root);
    await sb.opened;
    sb.send(`${b.user}:${b.ticket}\n`);
    await sb.closed;
    expect(sb.text()).toBe('OKunable to find a serial interface\r\n');
    expect((await taskEnd(b.upid, root)).exitstatus).toMatch(/qm terminal .* failed: exit code 1$/);
  });

  it('answers a console on an offline node (no proxyto): the ssh inside fails', async () => {
    const { root } = await start();
    const ct = await guest(root, (g) => g.type === 'lxc' && g.node === 'pve3');
    const { reply, proxy } = await createProxy(
      demo!,
      agent!,
      root,
      `/nodes/pve3/lxc/${ct.vmid}/termproxy`,
    );
    expect(reply.status).toBe(200);
    expect(proxy.upid.split(':')[1]).toBe('pve1');
    const sock = open(`/nodes/pve3/lxc/${ct.vmid}`, proxy, root);
    await sock.opened;
    sock.send(`${proxy.user}:${proxy.ticket}\n`);
    await sock.closed;
    expect(sock.text()).toMatch(/^OKssh: connect to host [\d.]+ port 22: No route to host\r\n$/);
  });

  it('dropConsoleSockets() cuts the websocket without a close frame; the task ends', async () => {
    const { d, root } = await start();
    const { sock, proxy } = await rootShell(root);
    expect(d.dropConsoleSockets()).toBe(1);
    expect(await sock.closed).toBe(1006);
    expect((await taskEnd(proxy.upid, root)).status).toBe('stopped');
    expect(d.consoleSessions()).toEqual([]);
  });
});

describe('demo cluster: consoles with API tokens, by PVE version', () => {
  it('before 9.0.13 a token gets a 500 for the node shell', async () => {
    const { d } = await start({ version: '9.0.12' });
    expect(((await get('/version', tokenAuth(d))) as { version: string }).version).toBe('9.0.12');
    const { reply } = await createProxy(d, agent!, tokenAuth(d), '/nodes/pve1/termproxy');
    expect(reply.status).toBe(500);
    expect(reply.json?.message).toBe(
      "value 'root@pam!deckhand' does not look like a valid user name\n",
    );
  });

  it('since 9.0.13 a token gets the node shell through /bin/login', async () => {
    const { d } = await start();
    const token = tokenAuth(d);
    const { reply, proxy } = await createProxy(d, agent!, token, '/nodes/pve1/termproxy');
    expect(reply.status).toBe(200);
    expect(proxy.user).toBe('root@pam!deckhand');
    const sock = open('/nodes/pve1', proxy, token);
    await sock.opened;
    sock.send(`${proxy.user}:${proxy.ticket}\n`);
    await sock.waitForText('pve1 login: ');
    sock.send(encodeInput('root\r'));
    await sock.waitForText('Password: ');
    let mark = sock.length;
    sock.send(encodeInput('wrong\r'));
    await sock.waitForText('Login incorrect', 10_000, mark);
    sock.send(encodeInput('root\r'));
    mark = sock.length;
    sock.send(encodeInput(`${d.credentials.password}\r`));
    await sock.waitForText('root@pve1:', 10_000, mark);
    expect(sock.text()).not.toContain(d.credentials.password);
  });

  it('before 9.1.9 a guest console on a token closes right after the auth line', async () => {
    const { d, root } = await start({ version: '9.1.2' });
    const ct = await guest(
      root,
      (g) => g.type === 'lxc' && g.status === 'running' && g.node === 'pve1',
    );
    const token = tokenAuth(d);
    const { proxy } = await createProxy(d, agent!, token, `/nodes/pve1/lxc/${ct.vmid}/termproxy`);
    const sock = open(`/nodes/pve1/lxc/${ct.vmid}`, proxy, token);
    await sock.opened;
    sock.send(`${proxy.user}:${proxy.ticket}\n`);
    await sock.closed;
    expect(sock.text()).toBe('');
    // With a ticket login the same console works on that version.
    const { proxy: p2 } = await createProxy(
      d,
      agent!,
      root,
      `/nodes/pve1/lxc/${ct.vmid}/termproxy`,
    );
    const s2 = open(`/nodes/pve1/lxc/${ct.vmid}`, p2, root);
    await s2.opened;
    s2.send(`${p2.user}:${p2.ticket}\n`);
    await s2.waitForText(`root@${ct.name}:`);
  });

  it('since 9.1.9 a guest console works on a token', async () => {
    const { d, root } = await start();
    const ct = await guest(
      root,
      (g) => g.type === 'lxc' && g.status === 'running' && g.node === 'pve1',
    );
    const token = tokenAuth(d);
    const { proxy } = await createProxy(d, agent!, token, `/nodes/pve1/lxc/${ct.vmid}/termproxy`);
    const sock = open(`/nodes/pve1/lxc/${ct.vmid}`, proxy, token);
    await sock.opened;
    sock.send(`${proxy.user}:${proxy.ticket}\n`);
    await sock.waitForText(`root@${ct.name}:`);
  });

  it('verifies VNC tickets at POST /access/vncticket as termproxy does', async () => {
    const { d, root } = await start();
    const { proxy } = await createProxy(d, agent!, root, '/nodes/pve1/termproxy');
    const verify = (form: Record<string, string>) =>
      demoRequest(d, agent!, 'POST', '/access/vncticket', { form });
    const base = {
      authid: 'root@pam',
      vncticket: proxy.ticket,
      path: '/nodes/pve1',
      privs: 'Sys.Console',
    };
    expect((await verify({ ...base, port: String(proxy.port) })).status).toBe(200);
    expect((await verify({ ...base, port: String(proxy.port + 1) })).status).toBe(401);
    expect((await verify({ ...base, path: '/nodes/pve2', port: String(proxy.port) })).status).toBe(
      401,
    );
    expect((await verify({ ...base, authid: 'audit@pve', port: String(proxy.port) })).status).toBe(
      401,
    );
  });
});

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
