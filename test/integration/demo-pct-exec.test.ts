// The demo node shell's `pct exec`: a container's hostname, journal (with -n, -u, -o json and
// following) and files, the container without systemd, and pct's own refusals, through a real
// termproxy node shell as root@pam.

import { describe, expect, it } from 'vitest';
import { guest, rootShell, start } from './demo-console-kit';

const typed = (line: string): string => `0:${Buffer.byteLength(line + '\r')}:${line}\r`;

describe('demo node shell: pct exec', () => {
  it('answers hostname, journalctl (-n, -u, json, follow) and files with the container data', async () => {
    const { root } = await start();
    const ct = await guest(
      root,
      (r) => r.type === 'lxc' && r.status === 'running' && r.node === 'pve1' && r.name !== 'dns01',
    );
    const { sock } = await rootShell(root);
    sock.send(typed(`pct exec ${ct.vmid} -- hostname; echo "rc=$?"`));
    await sock.waitForText(new RegExp(`[\\r\\n]${ct.name}\\r\\nrc=0`));
    sock.send(typed(`pct exec ${ct.vmid} -- journalctl -o json -n 3 --no-pager | wc -l`));
    await sock.waitForText(/[\r\n]3\r\n/);
    sock.send(typed(`pct exec ${ct.vmid} -- journalctl -u ssh -o cat --no-pager | head -n 1`));
    await sock.waitForText(/[\r\n]Server listening on 0\.0\.0\.0 port 22\.\r\n/);
    sock.send(typed(`pct exec ${ct.vmid} -- cat /etc/hostname`));
    await sock.waitForText(
      new RegExp(`cat /etc/hostname\\r\\n(?:\\u001b\\[\\?2004l)?\\r?${ct.name}\\r\\n`),
    );
    sock.send(typed(`pct exec ${ct.vmid} -- journalctl -f -n 0 -o short-iso`));
    const mark = sock.text.length;
    await sock.waitForText(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 \S+ \S+\[\d+\]: /, 15_000, mark);
  });

  it('has no journalctl in a container without systemd, but /var/log/messages', async () => {
    const { root } = await start();
    const ct = await guest(root, (r) => r.type === 'lxc' && r.name === 'dns01');
    const { sock } = await rootShell(root);
    expect(ct.node).toBe('pve1');
    sock.send(typed(`pct exec ${ct.vmid} -- journalctl -n 1; echo "rc=$?"`));
    await sock.waitForText(/Failed to exec "journalctl"\r\nrc=127/);
    sock.send(typed(`pct exec ${ct.vmid} -- tail -n 2 /var/log/messages`));
    await sock.waitForText(
      /[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d dns01 [a-z]+\.[a-z]+ \S+\[\d+\]: /,
    );
  });

  it('refuses what pct refuses: a stopped container, one on another node', async () => {
    const { root } = await start();
    const stopped = await guest(
      root,
      (r) => r.type === 'lxc' && r.status === 'stopped' && r.node === 'pve1',
    );
    const elsewhere = await guest(root, (r) => r.type === 'lxc' && r.node !== 'pve1');
    const { sock } = await rootShell(root);
    sock.send(typed(`pct exec ${stopped.vmid} -- hostname; echo "rc=$?"`));
    await sock.waitForText(new RegExp(`CT ${stopped.vmid} not running\\r\\nrc=255`));
    sock.send(typed(`pct exec ${elsewhere.vmid} -- hostname; echo "rc=$?"`));
    await sock.waitForText(
      new RegExp(
        `Configuration file 'nodes/pve1/lxc/${elsewhere.vmid}.conf' does not exist\\r\\nrc=255`,
      ),
    );
  });
});
