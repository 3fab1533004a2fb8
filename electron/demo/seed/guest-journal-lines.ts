// Seed data of the demo guests' journals (../guest-journal.ts): the boot of a systemd guest and
// of an OpenRC one (Alpine), and each application's info, warning and error lines. Pure data.

export interface Line {
  unit: string;
  ident: string;
  priority: number;
  facility: number;
  message: string;
}

export const BOOT: Line[] = [
  {
    unit: 'init.scope',
    ident: 'systemd',
    priority: 6,
    facility: 3,
    message:
      'systemd 252.33-1~deb12u1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)',
  },
  {
    unit: 'init.scope',
    ident: 'systemd',
    priority: 6,
    facility: 3,
    message: 'Detected virtualization lxc.',
  },
  {
    unit: 'systemd-journald.service',
    ident: 'systemd-journald',
    priority: 6,
    facility: 3,
    message: 'Journal started',
  },
  {
    unit: 'init.scope',
    ident: 'systemd',
    priority: 6,
    facility: 3,
    message: 'Started systemd-journald.service - Journal Service.',
  },
  {
    unit: 'init.scope',
    ident: 'systemd',
    priority: 6,
    facility: 3,
    message: 'Started cron.service - Regular background program processing daemon.',
  },
  {
    unit: 'init.scope',
    ident: 'systemd',
    priority: 6,
    facility: 3,
    message: 'Started ssh.service - OpenBSD Secure Shell server.',
  },
  {
    unit: 'ssh.service',
    ident: 'sshd',
    priority: 6,
    facility: 4,
    message: 'Server listening on 0.0.0.0 port 22.',
  },
  {
    unit: 'init.scope',
    ident: 'systemd',
    priority: 6,
    facility: 3,
    message: 'Reached target multi-user.target - Multi-User System.',
  },
];

// Alpine: OpenRC starts busybox syslogd and crond; there is no systemd.
export const OPENRC_BOOT: Line[] = [
  {
    unit: 'syslog',
    ident: 'syslogd',
    priority: 5,
    facility: 5,
    message: 'syslogd started: BusyBox v1.36.1',
  },
  {
    unit: 'crond',
    ident: 'crond',
    priority: 6,
    facility: 9,
    message: 'crond (busybox 1.36.1) started, log level 8',
  },
  {
    unit: 'sshd',
    ident: 'sshd',
    priority: 6,
    facility: 4,
    message: 'Server listening on 0.0.0.0 port 22.',
  },
];

export const APP_LINES: Record<string, { info: string[]; warn: string[]; err: string[] }> = {
  haproxy: {
    info: [
      '10.10.0.23:51234 [01/Dec/2026:10:00:00.000] www~ web/web01 0/0/1/12/13 200 4821 - - ---- 12/12/0/0/0 0/0 "GET /api/orders HTTP/1.1"',
      '10.10.0.41:40110 [01/Dec/2026:10:00:00.000] www~ web/web02 0/0/0/8/8 200 1290 - - ---- 11/11/0/0/0 0/0 "GET /healthz HTTP/1.1"',
      '10.10.0.7:60022 [01/Dec/2026:10:00:00.000] www~ web/web01 0/0/1/41/42 201 310 - - ---- 12/12/1/0/0 0/0 "POST /api/cart HTTP/1.1"',
    ],
    warn: [
      'Server web/web02 is DOWN, reason: Layer7 timeout, check duration: 2001ms. 1 active and 0 backup servers left.',
    ],
    err: ['backend web has no server available!'],
  },
  postgres: {
    info: [
      'checkpoint starting: time',
      'checkpoint complete: wrote 183 buffers (1.1%); 0 WAL file(s) added, 0 removed, 1 recycled',
      'automatic vacuum of table "shop.public.orders": index scans: 1',
    ],
    warn: [
      'WARNING:  there is no transaction in progress',
      'duration: 1532.118 ms  statement: SELECT * FROM orders WHERE customer_id = $1',
    ],
    err: [
      'ERROR:  duplicate key value violates unique constraint "orders_pkey"',
      'FATAL:  password authentication failed for user "report"',
    ],
  },
  webapp: {
    info: [
      'GET /api/orders 200 12ms',
      'GET /healthz 200 1ms',
      'POST /api/cart 201 38ms',
      'worker 3 finished job sync-inventory in 412ms',
    ],
    warn: [
      '\u001b[33mwarn\u001b[39m: slow response GET /api/reports 2310ms',
      '\u001b[33mwarn\u001b[39m: retrying upstream call to payments (attempt 2/3)',
    ],
    err: [
      '\u001b[31merror\u001b[39m: upstream payments timed out after 5000ms',
      '\u001b[31merror\u001b[39m: unhandled rejection: ECONNREFUSED 10.10.0.12:5432',
    ],
  },
};
