// The demo cluster's termproxy consoles over real sockets (spec §7): shells in a real PTY behind
// the vncwebsocket, VNC tickets and their checks, and version-dependent token behaviour.

import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { describe, expect, it } from 'vitest';
import { encodeInput, encodeResize } from '../../electron/demo/console/termproxy-stream';
import { demoRequest } from './demo-http';
import { authHeaders, createProxy, loginAs, tokenAuth, websocketUrl } from './demo-ws';
import {
  agent,
  demo,
  get,
  guest,
  open,
  rootShell,
  start,
  taskEnd,
  taskLog,
  taskStatus,
  type Resource,
} from './demo-console-kit';

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
