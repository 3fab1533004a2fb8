// What the demo nodes write to their journals: sshd logins, cron runs, systemd timers, the PVE
// daemons, the kernel and an application service (`orderd`) that warns and fails now and then.
// Chosen by a stateless hash of (seed, node, entry number), so the same seed gives the same lines.

import { hash01 } from './random';

type Maker = (r: (salt: number, n: number) => number) => [string, string, number?];

const USERS = ['root', 'admin', 'backup', 'deploy'];
const IPS = ['192.168.1.23', '192.168.1.41', '10.10.0.7', '172.16.5.12'];

const MAKERS: [weight: number, make: Maker][] = [
  [
    6,
    (r) => [
      'pvestatd',
      pick(r, 1, [
        'auth key pair too old, rotating..',
        `status update time (${(r(2, 900) / 100 + 0.1).toFixed(3)} seconds)`,
      ]),
      1180 + r(3, 5),
    ],
  ],
  [
    6,
    (r) => [
      'pveproxy',
      pick(r, 1, [
        `worker ${3000 + r(2, 900)} finished`,
        'starting 1 worker(s)',
        `worker ${3000 + r(2, 900)} started`,
      ]),
      1250 + r(3, 3),
    ],
  ],
  [
    5,
    (r) => [
      'pvedaemon',
      pick(r, 1, [
        `<root@pam> successful auth for user 'root@pam'`,
        `<root@pam> starting task UPID:`,
        `worker ${2100 + r(2, 300)} finished`,
      ]).replace('UPID:', 'vncshell'),
      1200 + r(3, 3),
    ],
  ],
  [
    4,
    (r) => {
      const user = pick(r, 1, USERS);
      const ip = pick(r, 2, IPS);
      const port = 40000 + r(3, 20000);
      return [
        'sshd',
        pick(r, 4, [
          `Accepted publickey for ${user} from ${ip} port ${port} ssh2: ED25519 SHA256:Qh3rJ0k2oV`,
          `pam_unix(sshd:session): session opened for user ${user}(uid=0) by ${user}(uid=0)`,
          `Received disconnect from ${ip} port ${port}:11: disconnected by user`,
          `Connection closed by authenticating user ${user} ${ip} port ${port} [preauth]`,
        ]),
        20000 + r(5, 9000),
      ];
    },
  ],
  [
    3,
    (r) => [
      'CRON',
      pick(r, 1, [
        'pam_unix(cron:session): session opened for user root(uid=0) by root(uid=0)',
        '(root) CMD (test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r)',
        'pam_unix(cron:session): session closed for user root',
      ]),
      30000 + r(2, 9000),
    ],
  ],
  [
    3,
    (r) => [
      'systemd',
      pick(r, 1, [
        'Starting pve-daily-update.service - Daily PVE download activities...',
        'Finished pve-daily-update.service - Daily PVE download activities.',
        'Started session-42.scope - Session 42 of User root.',
        'Starting apt-daily.service - Daily apt download activities...',
        'apt-daily.service: Deactivated successfully.',
        'Starting logrotate.service - Rotate log files...',
        'logrotate.service: Deactivated successfully.',
      ]),
    ],
  ],
  [
    2,
    (r) => [
      'kernel',
      pick(r, 1, [
        `vmbr0: port 2(tap10${r(2, 9)}i0) entered forwarding state`,
        `fwbr10${r(2, 9)}i0: port 1(fwln10${r(2, 9)}i0) entered blocking state`,
        'perf: interrupt took too long (2512 > 2500), lowering kernel.perf_event_max_sample_rate to 79500',
      ]),
    ],
  ],
  [
    5,
    (r) => {
      const ms = 20 + r(2, 900);
      const id = 10000 + r(3, 89999);
      return [
        'orderd',
        pick(r, 1, [
          `INFO: order ${id} accepted in ${ms} ms`,
          `INFO: order ${id} shipped`,
          `INFO: health check ok (${ms} ms)`,
          `WARNING: slow query on orders (${ms * 10} ms)`,
          `WARNING: retrying payment gateway for order ${id} (attempt 2)`,
          `ERROR: payment gateway timed out for order ${id}`,
          `INFO: order ${id} accepted in ${ms} ms`,
          `INFO: cache refreshed: 1${r(4, 99)} entries`,
        ]),
        4242,
      ];
    },
  ],
];
const TOTAL = MAKERS.reduce((s, [w]) => s + w, 0);

function pick<T>(r: (salt: number, n: number) => number, salt: number, items: readonly T[]): T {
  return items[r(salt, items.length)]!;
}

/** [ident, message, pid?] of entry `k` on a node. */
export function journalMessage(seed: number, nodeid: number, k: number): [string, string, number?] {
  const r = (salt: number, n: number): number =>
    Math.floor(hash01(seed * 31 + salt, nodeid, k) * n);
  let w = r(0, TOTAL);
  for (const [weight, make] of MAKERS) {
    if (w < weight) return make(r);
    w -= weight;
  }
  return ['systemd', 'Reached target timers.target - Timer Units.'];
}
