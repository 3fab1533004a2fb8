// Guest log streams through core against the demo: a container's journal through a node shell
// (entries, a new one while following, a -u filter, a dropped shell resumed without repeats), a
// malicious unit name refused before anything is typed, the container without systemd, a file
// tail, a VM's journal through the guest agent and its refusals, and a token profile's refusal.

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { ClientConnection } from '../../electron/core/rpc/consoles';
import type { CallContext } from '../../shared/ipc';
import type { LogEntry, LogSourceSpec, LogStreamInfo } from '../../shared/logs';
import type { GuestResource } from '../../shared/model';
import { addTokenProfile, guests, setup, useConsoleCleanup } from './console-kit';
import { failure, waitFor } from './helpers';

useConsoleCleanup();

class LogWindow {
  readonly infos: LogStreamInfo[] = [];
  readonly lines = new Map<string, LogEntry[]>();
  readonly connection: ClientConnection;
  constructor(private readonly core: Core) {
    this.connection = core.connectClient({
      event: (name, payload) => {
        if (name === 'logStream') this.infos.push(payload as LogStreamInfo);
        if (name === 'logLines') {
          const e = payload as { streamId: string; entries: LogEntry[] };
          this.lines.set(e.streamId, [...(this.lines.get(e.streamId) ?? []), ...e.entries]);
          void core.notifications['logs.ack'](
            { streamId: e.streamId, count: e.entries.length },
            this.ctx,
          );
        }
      },
      stream: () => undefined,
    });
  }
  get ctx(): CallContext {
    return { clientId: this.connection.clientId };
  }
  entries(id: string): LogEntry[] {
    return this.lines.get(id) ?? [];
  }
  last(id: string): LogStreamInfo | undefined {
    return this.infos.filter((i) => i.streamId === id).at(-1);
  }
  status(id: string, status: LogStreamInfo['status']): Promise<LogStreamInfo> {
    return waitFor(
      `stream ${status}`,
      () => {
        const i = this.last(id);
        if (status !== 'failed' && i?.status === 'failed')
          throw new Error(`failed: ${i.message ?? ''}`);
        return i?.status === status ? i : undefined;
      },
      20_000,
    );
  }
  async open(spec: LogSourceSpec): Promise<string> {
    return (await this.core.handlers['logs.open'](spec, this.ctx)).streamId;
  }
}

async function demoSetup() {
  const { demo, core } = await setup();
  const profile = await core.handlers['profiles.addDemo']();
  const list = await guests(core, profile);
  const w = new LogWindow(core);
  const ct = (f: (g: GuestResource) => boolean) => {
    const g = list.find(
      (r) => r.node === demo.localNode && r.type === 'lxc' && r.status === 'running' && f(r),
    );
    if (!g) throw new Error('no such container');
    return g;
  };
  return { demo, core, profile, w, list, ct };
}

const key = (e: LogEntry): string => `${String(e.time)} ${e.text}`;

describe('container journal through a node shell', () => {
  it('shows the journal, follows new entries, and keeps a -u filter', async () => {
    const { profile, w, ct } = await demoSetup();
    const g = ct((r) => r.name !== 'dns01');
    const id = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: g.node,
      type: 'lxc',
      vmid: g.vmid,
    });
    await w.status(id, 'following');
    const first = await waitFor('entries', () => w.entries(id).length > 10 && w.entries(id).length);
    const e = w.entries(id);
    // The echo, prompt and markers never arrive: every entry is a journal record.
    expect(e.every((x) => typeof x.time === 'number' && x.host === g.name && x.ident)).toBe(true);
    expect(e.some((x) => x.priority === 6)).toBe(true);
    await waitFor('a new entry while following', () => w.entries(id).length > first, 20_000);
    expect(new Set(w.entries(id).map(key)).size).toBe(w.entries(id).length);

    const ssh = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: g.node,
      type: 'lxc',
      vmid: g.vmid,
      units: ['ssh'],
    });
    await w.status(ssh, 'following');
    await waitFor('ssh entries', () => w.entries(ssh).length > 0);
    expect(w.entries(ssh).every((x) => x.ident === 'sshd')).toBe(true);
    expect(w.last(ssh)?.title).toContain('(ssh)');
  }, 60_000);

  it('refuses a malicious unit name before anything reaches the shell', async () => {
    const { demo, core, profile, w, ct } = await demoSetup();
    const g = ct(() => true);
    const spec: LogSourceSpec = {
      kind: 'guest-journal',
      profileId: profile.id,
      node: g.node,
      type: 'lxc',
      vmid: g.vmid,
      units: ['ssh; rm -rf /'],
    };
    // Past the contract's schema (core's handlers take what dispatch checked): the source checks again.
    const err = await failure(core.handlers['logs.open'](spec, w.ctx));
    expect(err.message).toBe(
      '"ssh; rm -rf /" is not a plain systemd unit name: nothing was sent to the node shell',
    );
    const file: LogSourceSpec = {
      kind: 'file',
      profileId: profile.id,
      node: g.node,
      vmid: g.vmid,
      path: "/var/log/x'; reboot",
    };
    expect((await failure(core.handlers['logs.open'](file, w.ctx))).kind).toBe('validation');
    expect(demo.consoleSessions()).toEqual([]);
    expect(demo.shellInput().join('')).not.toContain('rm -rf');
  });

  it('falls back to /var/log/messages without systemd, and says so', async () => {
    const { profile, w, ct } = await demoSetup();
    const g = ct((r) => r.name === 'dns01');
    const id = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: g.node,
      type: 'lxc',
      vmid: g.vmid,
    });
    const info = await w.status(id, 'following');
    expect(info.message).toBe(`No systemd journal in CT ${g.vmid}: following /var/log/messages`);
    await waitFor('syslog lines', () => w.entries(id).length > 0);
    // busybox syslogd lines: the host, facility.level as the priority, the writer and its pid.
    expect(
      w
        .entries(id)
        .every((x) => x.host === 'dns01' && x.priority !== undefined && x.ident && x.pid),
    ).toBe(true);
  });

  it('says so when the container is not running', async () => {
    const { demo, profile, w, list } = await demoSetup();
    const g = list.find(
      (r) => r.type === 'lxc' && r.status === 'stopped' && r.node === demo.localNode && !r.template,
    )!;
    const id = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: g.node,
      type: 'lxc',
      vmid: g.vmid,
    });
    expect((await w.status(id, 'failed')).message).toBe(
      `CT ${g.vmid} is not running: start it to read its logs`,
    );
  });

  it('tails a file in a container', async () => {
    const { profile, w, ct } = await demoSetup();
    const g = ct((r) => r.name !== 'dns01');
    const id = await w.open({
      kind: 'file',
      profileId: profile.id,
      node: g.node,
      vmid: g.vmid,
      path: '/etc/hostname',
    });
    await w.status(id, 'following');
    await waitFor('the file', () => w.entries(id).length === 1);
    expect(w.entries(id)[0]?.text).toBe(g.name);
  });

  it('tails a file on the node, and after a drop says lines may be missing', async () => {
    const { demo, profile, w } = await demoSetup();
    const dir = mkdtempSync(join(tmpdir(), 'deckhand-tail-'));
    try {
      const path = join(dir, 'app.log');
      writeFileSync(path, 'one\ntwo\n');
      const id = await w.open({ kind: 'file', profileId: profile.id, node: demo.localNode, path });
      await w.status(id, 'following');
      await waitFor('the file', () => w.entries(id).length === 2);
      appendFileSync(path, 'three\n');
      await waitFor('a new line', () => w.entries(id).length === 3);
      expect(demo.dropConsoleSockets()).toBe(1);
      await w.status(id, 'reconnecting');
      await w.status(id, 'following');
      await waitFor('the notice', () => w.entries(id).some((e) => e.marker === 'notice'));
      appendFileSync(path, 'four\n');
      await waitFor('a line after the drop', () => w.entries(id).some((e) => e.text === 'four'));
      expect(w.entries(id).map((e) => e.text)).toEqual([
        'one',
        'two',
        'three',
        'Reconnected: lines written while the connection was down are not shown',
        'four',
      ]);
      expect(w.last(id)?.title).toBe(`${path} on ${demo.localNode}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('resumes a dropped shell after the last entry, without repeats', async () => {
    const { demo, profile, w, ct } = await demoSetup();
    const g = ct((r) => r.name !== 'dns01');
    const id = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: g.node,
      type: 'lxc',
      vmid: g.vmid,
    });
    await w.status(id, 'following');
    await waitFor('entries', () => w.entries(id).length > 0);
    const newest = (): number => Math.max(...w.entries(id).map((x) => x.time ?? 0));
    // An entry written after the drop can only come from the resumed shell, after all it re-sent.
    const droppedAt = Date.now();
    expect(demo.dropConsoleSockets()).toBe(1);
    const down = await w.status(id, 'reconnecting');
    expect(down.message).toMatch(/lost|answering/);
    await w.status(id, 'following');
    await waitFor('an entry written after the drop', () => newest() > droppedAt, 20_000);
    const all = w.entries(id).map(key);
    expect(new Set(all).size).toBe(all.length);
    // In journal order throughout: the resumed shell went on after the last entry shown.
    const times = w.entries(id).map((x) => x.time ?? 0);
    expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
    expect(demo.shellInput().join('')).toContain('--after-cursor');
  }, 60_000);

  it('says which login would work for a token profile', async () => {
    const { demo, core } = await setup();
    const profile = await addTokenProfile(core, demo);
    const w = new LogWindow(core);
    const ct = (await guests(core, profile)).find(
      (r) => r.type === 'lxc' && r.status === 'running' && r.node === demo.localNode,
    )!;
    const id = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: demo.localNode,
      type: 'lxc',
      vmid: ct.vmid,
    });
    const info = await w.status(id, 'failed');
    expect(info.message).toBe(
      `Container journals and file tails are read through a node shell, which must be logged in as root@pam: this profile uses the API token ${demo.credentials.token.tokenId}, and PVE runs /bin/login for a token's node shell. Log in as root@pam with a password (Console login) to read them.`,
    );
    expect(demo.consoleSessions()).toEqual([]);

    // With a console login as root@pam, the same profile reads it.
    await core.handlers['console.login']({
      profileId: profile.id,
      username: 'root',
      realm: 'pam',
      password: demo.credentials.password,
    });
    const again = await w.open({
      kind: 'file',
      profileId: profile.id,
      node: demo.localNode,
      vmid: ct.vmid,
      path: '/etc/hostname',
    });
    await w.status(again, 'following');
    await waitFor('the file', () => w.entries(again).length === 1);
  });
});

describe('VM journal through the guest agent', () => {
  const vm = (list: GuestResource[], name: string): GuestResource => {
    const g = list.find((r) => r.type === 'qemu' && r.name === name && r.status === 'running');
    if (!g) throw new Error(`no running VM ${name}`);
    return g;
  };

  it('reads the journal with agent exec and follows it after the last cursor', async () => {
    const { profile, w, list } = await demoSetup();
    const g = list.find(
      (r) =>
        r.type === 'qemu' &&
        r.status === 'running' &&
        !/web02|elastic01|win11/.test(r.name ?? '') &&
        r.node !== 'pve3',
    )!;
    const id = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: g.node,
      type: 'qemu',
      vmid: g.vmid,
    });
    await w.status(id, 'following');
    const first = await waitFor('entries', () => w.entries(id).length > 0 && w.entries(id).length);
    expect(w.entries(id).every((x) => x.host === g.name && typeof x.time === 'number')).toBe(true);
    await waitFor('a new entry while following', () => w.entries(id).length > first, 20_000);
    const all = w.entries(id).map(key);
    expect(new Set(all).size).toBe(all.length);
  });

  it('says when no agent is configured, and when it is not running', async () => {
    const { profile, w, list } = await demoSetup();
    const none = vm(list, 'web02');
    const a = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: none.node,
      type: 'qemu',
      vmid: none.vmid,
    });
    expect((await w.status(a, 'failed')).message).toBe(
      `VM ${none.vmid} has no QEMU guest agent configured: its journal is read through the agent (enable it in the VM's options and install qemu-guest-agent in the guest)`,
    );
    const down = vm(list, 'elastic01');
    const b = await w.open({
      kind: 'guest-journal',
      profileId: profile.id,
      node: down.node,
      type: 'qemu',
      vmid: down.vmid,
    });
    expect((await w.status(b, 'failed')).message).toBe(
      `The QEMU guest agent is not running in VM ${down.vmid}: start qemu-guest-agent in the guest to read its journal`,
    );
  });
});
