// Consoles through core, as a window uses them: open, type, resize, a socket killed by the server,
// reconnect, stopped guests, permissions, API tokens, pop-out hand-over and flow control, all
// against the demo cluster's real shells and VNC.

import { describe, expect, it, vi } from 'vitest';
import { HIGH_WATER_BYTES } from '../../electron/core/console/flow-control';
import {
  Window,
  addTokenProfile,
  guests,
  openNodeShell,
  pick,
  setup,
  targetOf,
  typeAndRead,
  useConsoleCleanup,
} from './console-kit';
import { waitFor } from './helpers';

useConsoleCleanup();

describe('consoles through core', () => {
  it('opens a container console, types, resizes the PTY, and closes it', async () => {
    const { demo, core } = await setup();
    const profile = await core.handlers['profiles.addDemo']();
    const ct = pick(await guests(core, profile), 'lxc', 'running');
    const w = new Window(core);

    const opened = await core.handlers['console.open'](targetOf(profile, ct, 'lxc'), w.ctx);
    expect(opened).toMatchObject({ status: 'connecting', protocol: 'terminal', generation: 1 });
    expect(opened.title).toContain(`CT ${ct.vmid}`);
    const id = opened.consoleId;
    await w.status(id, 'connected');
    // The container's own login-free root shell.
    await waitFor('prompt', () => w.text(id).includes(`root@${ct.name}:`));

    await typeAndRead(w, id, 'echo deckhand-$((6*7))', /deckhand-42/);

    await core.notifications['console.resize']({ consoleId: id, cols: 100, rows: 30 }, w.ctx);
    await typeAndRead(w, id, 'stty size', /[\r\n]30 100\r\n/);
    expect(demo.consoleSessions()).toContainEqual(
      expect.objectContaining({ kind: 'lxc', vmid: ct.vmid, cols: 100, rows: 30 }),
    );

    // Only the owning window may use it.
    const other = new Window(core);
    await expect(
      core.notifications['console.resize']({ consoleId: id, cols: 80, rows: 24 }, other.ctx),
    ).rejects.toMatchObject({ kind: 'not-found' });

    await core.handlers['console.close']({ consoleId: id }, w.ctx);
    await waitFor('demo session gone', () => demo.consoleSessions().length === 0);
    expect(w.last(id)?.status).toBe('closed');
  });

  it('still gives a working shell, with a notice, where no pseudo-terminal can be had', async () => {
    const { demo, core } = await setup({ pty: false });
    expect(demo.consoleSupport().pty).toBe(false);
    const { w, id } = await openNodeShell(core, demo);
    await waitFor('notice', () => w.text(id).includes('no pseudo-terminal'));
    await typeAndRead(w, id, 'echo piped-$((6*7))', /piped-42/);
  });

  it('delivers a paste far bigger than a websocket frame may be, whole', async () => {
    const { demo, core } = await setup();
    const { w, id } = await openNodeShell(core, demo);
    await waitFor('prompt', () => w.text(id).includes(`root@${demo.localNode}:`));
    w.type(id, 'cat > pasted.txt\r');
    // 3,000 lines of 99 characters + newline: 300,000 bytes in one write, as a paste would be.
    const line = 'x'.repeat(99);
    w.type(id, `${line}\r`.repeat(3000));
    w.type(id, '\u0004');
    await typeAndRead(w, id, 'wc -c < pasted.txt; echo sum-$((2*3))', /[\r\n](\d+)\r\nsum-6/);
    const counted = /[\r\n](\d+)\r\nsum-6/.exec(w.text(id))?.[1];
    expect(Number(counted)).toBe(300_000);
    expect(w.last(id)?.status).toBe('connected');
  });

  it('reports a socket the server killed, and reconnects', async () => {
    const { demo, core } = await setup();
    const { w, id } = await openNodeShell(core, demo);
    await waitFor('node prompt', () => w.text(id).includes(`root@${demo.localNode}:`));

    expect(demo.dropConsoleSockets()).toBe(1);
    const down = await w.status(id, 'disconnected');
    expect(down.reason).toMatch(/lost|ended/i);

    const again = await core.handlers['console.reconnect']({ consoleId: id }, w.ctx);
    expect(again.generation).toBe(2);
    await w.status(id, 'connected', 2);
    await typeAndRead(w, id, 'echo back-$((40+2))', /back-42/);
  });

  it('closes the consoles of a profile that is removed', async () => {
    const { demo, core } = await setup();
    const { w, id, profile } = await openNodeShell(core, demo);
    await core.handlers['profiles.remove']({ profileId: profile.id });
    expect(w.last(id)).toMatchObject({ status: 'closed', reason: 'The profile was removed' });
    await waitFor('demo session gone', () => demo.consoleSessions().length === 0);
  });

  it('notices a connection that went silent, from unanswered pings', async () => {
    const { demo, core } = await setup();
    const { w, id } = await openNodeShell(core, demo);
    expect(demo.stallConsoleSockets()).toBe(1);
    // Nothing is typed: the keep-alive alone must find out (500 ms pings, 1 s deadline here).
    const down = await w.status(id, 'disconnected');
    expect(down.reason).toMatch(/stopped answering/);
    expect(down.errorKind).toBe('network');
  });

  it('tells a shell that exited from a lost connection', async () => {
    const { demo, core } = await setup();
    const { w, id } = await openNodeShell(core, demo);
    await waitFor('node prompt', () => w.text(id).includes(`root@${demo.localNode}:`));
    w.type(id, 'exit\r');
    const ended = await w.status(id, 'disconnected');
    expect(ended.reason).toBe('The session ended: the shell exited');
    expect(ended.errorKind).toBeUndefined();
  });

  it('explains a stopped container instead of failing, without asking PVE for a proxy', async () => {
    const { demo, core } = await setup();
    const profile = await core.handlers['profiles.addDemo']();
    const ct = pick(await guests(core, profile), 'lxc', 'stopped');
    const w = new Window(core);
    const { consoleId: id } = await core.handlers['console.open'](
      targetOf(profile, ct, 'lxc'),
      w.ctx,
    );
    const down = await w.status(id, 'disconnected');
    expect(down.remedy).toBe('start-guest');
    expect(down.reason).toContain(`CT ${ct.vmid}`);
    expect(down.reason).toMatch(/stopped/);
    const posted = [...demo.requestCounts().keys()].filter((k) => k.includes('termproxy'));
    expect(posted).toEqual([]);
  });

  it('says a node is offline instead of offering Start for its guests', async () => {
    const { demo, core } = await setup();
    const profile = await core.handlers['profiles.addDemo']();
    const offline = (await guests(core, profile)).find((g) => g.node === 'pve3');
    if (!offline) throw new Error('demo has no guest on the offline node');
    const w = new Window(core);
    const shell = await core.handlers['console.open'](
      { profileId: profile.id, node: 'pve3', kind: 'shell' },
      w.ctx,
    );
    const guest = await core.handlers['console.open'](
      targetOf(profile, offline, offline.type === 'lxc' ? 'lxc' : 'vnc'),
      w.ctx,
    );
    for (const id of [shell.consoleId, guest.consoleId]) {
      const down = await w.status(id, 'disconnected');
      expect(down.reason).toMatch(/^Node pve3 is offline/);
      expect(down.errorKind).toBe('unreachable');
      expect(down.remedy).toBeUndefined();
    }
    const posted = [...demo.requestCounts().keys()].filter((k) => /termproxy|vncproxy/.test(k));
    expect(posted).toEqual([]);
  });

  it('names the missing privilege for a read-only user', async () => {
    const { demo, core } = await setup();
    const ro = demo.credentials.readonlyUser;
    const profile = await core.handlers['profiles.add']({
      name: 'auditor',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: {
        mode: 'password',
        username: ro.username.split('@')[0]!,
        realm: ro.realm,
        password: ro.password,
      },
    });
    const ct = pick(await guests(core, profile), 'lxc', 'running');
    const w = new Window(core);
    const { consoleId: id } = await core.handlers['console.open'](
      targetOf(profile, ct, 'lxc'),
      w.ctx,
    );
    const down = await w.status(id, 'disconnected');
    expect(down.errorKind).toBe('permission');
    expect(down.reason).toContain('VM.Console');
  });

  it('offers a password login where the server refuses token consoles, then connects', async () => {
    const { demo, core } = await setup({ version: '9.1.2' });
    const profile = await addTokenProfile(core, demo);
    const ct = pick(await guests(core, profile), 'lxc', 'running');
    const w = new Window(core);
    await vi.waitFor(
      async () => {
        const state = await core.handlers['session.state']({ profileId: profile.id });
        if (!state.version) throw new Error('the server version is not known yet');
      },
      { timeout: 5_000, interval: 25 },
    );
    const { consoleId: id } = await core.handlers['console.open'](
      targetOf(profile, ct, 'lxc'),
      w.ctx,
    );
    const refused = await w.status(id, 'disconnected');
    expect(refused.remedy).toBe('console-login');
    expect(refused.reason).toMatch(/API token/);

    await core.handlers['console.login']({
      profileId: profile.id,
      username: 'root',
      realm: 'pam',
      password: demo.credentials.password,
    });
    await core.handlers['console.reconnect']({ consoleId: id }, w.ctx);
    await w.status(id, 'connected', 2);
    await typeAndRead(w, id, 'echo token-$((6*7))', /token-42/);
  });

  it('opens a token console where the server allows it', async () => {
    const { demo, core } = await setup({ version: '9.1.9' });
    const profile = await addTokenProfile(core, demo);
    const ct = pick(await guests(core, profile), 'lxc', 'running');
    const w = new Window(core);
    const { consoleId: id } = await core.handlers['console.open'](
      targetOf(profile, ct, 'lxc'),
      w.ctx,
    );
    await w.status(id, 'connected');
    await typeAndRead(w, id, 'echo ok-$((6*7))', /ok-42/);
  });

  it('relays a VM screen: the VNC password to the window, RFB bytes untouched', async () => {
    const { core } = await setup({ vncBackend: 'builtin' });
    const profile = await core.handlers['profiles.addDemo']();
    const vm = pick(await guests(core, profile), 'qemu', 'running');
    const w = new Window(core);
    const { consoleId: id } = await core.handlers['console.open'](
      targetOf(profile, vm, 'vnc'),
      w.ctx,
    );
    const up = await w.status(id, 'connected');
    expect(up.protocol).toBe('vnc');
    expect(up.vncPassword).toMatch(/^[!-`]{8}$/);
    await waitFor('RFB greeting', () => w.text(id).startsWith('RFB 003.'));
  });

  it('hands a console to another window with its recent output (pop-out)', async () => {
    const { demo, core } = await setup();
    const profile = await core.handlers['profiles.addDemo']();
    const first = new Window(core);
    const { consoleId: id } = await core.handlers['console.open'](
      { profileId: profile.id, node: demo.localNode, kind: 'shell' },
      first.ctx,
    );
    await first.status(id, 'connected');
    await typeAndRead(first, id, 'echo before-$((1+1))', /before-2/);

    const second = new Window(core);
    const info = await core.handlers['console.attach']({ consoleId: id }, second.ctx);
    expect(info.status).toBe('connected');
    expect(first.last(id)).toMatchObject({ status: 'closed', movedAway: true });
    expect(second.text(id)).toContain('before-2');
    await typeAndRead(second, id, 'echo after-$((2+2))', /after-4/);
    expect(first.text(id)).not.toContain('after-4');

    // The window that owns it closes: so does the console.
    second.connection.dispose();
    await waitFor('demo session gone', () => demo.consoleSessions().length === 0);
  });

  it('pauses the server above the high-water mark until the window acknowledges', async () => {
    const { core } = await setup();
    const profile = await core.handlers['profiles.addDemo']();
    const w = new Window(core);
    const { consoleId: id } = await core.handlers['console.open'](
      { profileId: profile.id, node: 'pve1', kind: 'shell' },
      w.ctx,
    );
    await w.status(id, 'connected');
    const total = 8 * 1024 * 1024;
    w.type(id, `head -c ${total} /dev/zero | tr '\\0' x; echo; echo flood-$((3*5))-done\r`);
    await waitFor('some output', () => w.byteCount(id) > HIGH_WATER_BYTES);
    // Without acknowledgements the relay stops reading: the output stalls far below the total.
    let seen = w.byteCount(id);
    for (;;) {
      await new Promise((r) => setTimeout(r, 300));
      const now = w.byteCount(id);
      if (now === seen) break;
      seen = now;
    }
    expect(seen).toBeLessThan(HIGH_WATER_BYTES + 2 * 1024 * 1024);
    // Acknowledge as a window would, and the rest arrives.
    let acked = 0;
    await waitFor(
      'the whole flood',
      () => {
        const n = w.byteCount(id);
        if (n > acked) {
          void core.notifications['console.ack']({ consoleId: id, bytes: n - acked }, w.ctx);
          acked = n;
        }
        return w.text(id).includes('flood-15-done') || undefined;
      },
      30_000,
    );
    expect(w.byteCount(id)).toBeGreaterThan(total);
  });
});
