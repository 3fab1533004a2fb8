// What guest log streams type into a node shell, and whether the session may: every unit name and
// path is checked (shared/logs.ts shellArgProblem) right here, where the command line is built,
// on top of the contract's schema, and then single-quoted. Node shells run `login -f root` only
// for root@pam; anyone else (API tokens included) gets /bin/login, which nothing here can answer.

import { DeckhandError } from '../../../shared/errors';
import { shellArgProblem } from '../../../shared/logs';
import { tokenConsolesAllowed } from '../console/token-consoles';
import type { PveClient } from '../pve/client';

/** The first entries a stream shows. */
export const FIRST_LINES = 500;

function quote(value: string): string {
  return `'${value}'`;
}

/** Throws (validation) unless every value may be typed into a shell. */
export function checkShellArgs(kind: 'unit' | 'path', values: readonly string[]): void {
  for (const v of values) {
    const problem = shellArgProblem(kind, v);
    if (problem) {
      throw new DeckhandError({
        kind: 'validation',
        message: `${problem}: nothing was sent to the node shell`,
      });
    }
  }
}

const CURSOR_RE = /^[A-Za-z0-9=;]+$/;

/** `pct exec VMID -- journalctl -o json …`: first page, or everything after `cursor`. */
export function journalCommand(vmid: number, units: readonly string[], cursor?: string): string {
  checkShellArgs('unit', units);
  const unitArgs = units.map((u) => ` -u ${quote(u)}`).join('');
  let from = ` -n ${String(FIRST_LINES)}`;
  if (cursor !== undefined) {
    if (!CURSOR_RE.test(cursor)) throw new Error('not a journal cursor');
    from = ` --no-tail --after-cursor ${quote(cursor)}`;
  }
  return `pct exec ${String(vmid)} -- journalctl -o json --no-pager -f${from}${unitArgs}`;
}

/** `tail -F` of a path, in a container (`pct exec`) or on the node. `lines`: 0 after a drop. */
export function tailCommand(path: string, vmid: number | undefined, lines: number): string {
  checkShellArgs('path', [path]);
  const tail = `tail -F -n ${String(lines)} ${quote(path)}`;
  return vmid === undefined ? tail : `pct exec ${String(vmid)} -- ${tail}`;
}

/** Which log a container keeps: a journal, or a syslog file (no systemd). */
export function probeCommand(vmid: number, marker: string): string {
  const id = String(vmid);
  const m = (key: string): string => `echo "${marker}""-${key}-$?"`;
  return [
    `pct exec ${id} -- journalctl --version >/dev/null`,
    m('J'),
    `pct exec ${id} -- test -f /var/log/syslog`,
    m('S'),
    `pct exec ${id} -- test -f /var/log/messages`,
    m('M'),
  ].join('; ');
}

/**
 * Why this client's node shell would not be logged in (so nothing could be typed), in words that
 * say which login works; undefined when it will be root's shell.
 */
export function shellLoginProblem(
  client: PveClient,
  version: string | undefined,
): string | undefined {
  const what =
    'Container journals and file tails are read through a node shell, which must be logged in as root@pam';
  const fix = 'Log in as root@pam with a password (Console login) to read them.';
  if (client.authMode === 'token') {
    const old = tokenConsolesAllowed({ profileId: '', node: '', kind: 'shell' }, version) === false;
    const server = version ? `this server (PVE ${version})` : 'this server';
    return `${what}: this profile uses the API token ${client.identity}, and PVE runs /bin/login for a token's node shell${
      old
        ? `, and ${server} opens no node shell for an API token at all (that came with PVE 9.0.13)`
        : ''
    }. ${fix}`;
  }
  if (client.identity !== 'root@pam') {
    return `${what}: this profile logs in as ${client.identity}, and PVE runs /bin/login for everyone but root@pam. ${fix}`;
  }
  return undefined;
}
