// Users, API tokens, privileges, tickets and CSRF tokens (spec §1).
//
// Tickets are `PVE:<user>:<T>::<SIG>` with an RSA signature (pve-common Ticket.pm), CSRF tokens
// `<T>:<43 char HMAC>`; both are valid while -300 s < age < 7200 s on the simulated clock.
// expireTickets() swaps in a new key pair, which invalidates every ticket issued so far exactly
// as a key rotation without grace would.

import {
  createHmac,
  createSign,
  createVerify,
  generateKeyPair,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import type { SimClock } from './clock';
import { authError, fail } from './errors';
import type { Disposable } from '../../shared/lifecycle';
import { DemoTfa, type TfaChallenge } from './tfa';

const TICKET_LIFETIME = 7200;
const CLOCK_SKEW = 300;

export interface Identity {
  /** user@realm the rights belong to */
  user: string;
  /** token name when authenticated with an API token */
  tokenid?: string;
  /** user@realm or user@realm!tokenid, as written into UPIDs */
  authid: string;
}

interface UserRecord {
  password: string;
  role: 'Administrator' | 'PVEAuditor';
}

// The privilege names PVE 9 reports in `cap`, grouped as compute_api_permission groups them.
const ALL_PRIVS: Record<string, readonly string[]> = {
  vms: [
    'VM.Allocate',
    'VM.Audit',
    'VM.Backup',
    'VM.Clone',
    'VM.Config.CDROM',
    'VM.Config.CPU',
    'VM.Config.Cloudinit',
    'VM.Config.Disk',
    'VM.Config.HWType',
    'VM.Config.Memory',
    'VM.Config.Network',
    'VM.Config.Options',
    'VM.Console',
    'VM.GuestAgent.Audit',
    'VM.GuestAgent.FileRead',
    'VM.GuestAgent.FileSystemMgmt',
    'VM.GuestAgent.FileWrite',
    'VM.GuestAgent.Unrestricted',
    'VM.Migrate',
    'VM.PowerMgmt',
    'VM.Replicate',
    'VM.Snapshot',
    'VM.Snapshot.Rollback',
    'Permissions.Modify',
  ],
  access: [
    'Group.Allocate',
    'Permissions.Modify',
    'Realm.Allocate',
    'Realm.AllocateUser',
    'User.Modify',
  ],
  storage: [
    'Datastore.Allocate',
    'Datastore.AllocateSpace',
    'Datastore.AllocateTemplate',
    'Datastore.Audit',
    'Permissions.Modify',
  ],
  nodes: [
    'Permissions.Modify',
    'Sys.AccessNetwork',
    'Sys.Audit',
    'Sys.Console',
    'Sys.Incoming',
    'Sys.Modify',
    'Sys.PowerMgmt',
    'Sys.Syslog',
  ],
  sdn: ['Permissions.Modify', 'SDN.Allocate', 'SDN.Audit', 'SDN.Use'],
  dc: ['SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Sys.Audit', 'Sys.Modify'],
  mapping: ['Mapping.Audit', 'Mapping.Modify', 'Mapping.Use', 'Permissions.Modify'],
};

// PVEAuditor: read-only everywhere.
const AUDITOR_PRIVS = new Set([
  'Datastore.Audit',
  'Mapping.Audit',
  'Pool.Audit',
  'SDN.Audit',
  'Sys.Audit',
  'VM.Audit',
  'VM.GuestAgent.Audit',
]);

export type Capabilities = Record<string, Record<string, 1>>;

interface KeyPairObjects {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function newKeyPairSync(): KeyPairObjects {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function newKeyPair(): Promise<KeyPairObjects> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) => {
      if (err) reject(err);
      else resolve({ publicKey, privateKey });
    });
  });
}

// ACL $verify_short_lived_ticket: verify_rsa_ticket(..., -20, 40).
const VNC_TICKET_MIN_AGE = -20;
const VNC_TICKET_MAX_AGE = 40;

function vncSecretData(plain: string, authid: string, path: string, port?: number): string {
  return `${plain}:${authid}:${path}` + (port === undefined ? '' : `:${port}`);
}

function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

export class AuthService implements Disposable {
  readonly rootPassword: string;
  readonly auditPassword: string;
  readonly tokenSecret: string;
  readonly tokenId = 'root@pam!deckhand';
  /** Second factors: tfa@pve has TOTP + recovery keys, webauthn@pve only WebAuthn. */
  readonly tfa = new DemoTfa();
  readonly tfaPassword: string;
  readonly totpSecret: string;
  readonly recoveryKeys: readonly string[];
  private readonly users = new Map<string, UserRecord>();
  private keys: KeyPairObjects;
  private csrfSecret = randomBytes(32);
  // A key pair made ahead of time, so expireTickets() can stay synchronous and quick.
  private spare: KeyPairObjects | undefined;
  private spareJob: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly clock: SimClock,
    keys: KeyPairObjects,
    rootPassword: string | undefined,
  ) {
    this.keys = keys;
    this.rootPassword = rootPassword ?? randomBytes(12).toString('base64url');
    this.auditPassword = randomBytes(12).toString('base64url');
    this.tokenSecret = randomUUID();
    this.users.set('root@pam', { password: this.rootPassword, role: 'Administrator' });
    this.users.set('audit@pve', { password: this.auditPassword, role: 'PVEAuditor' });
    this.tfaPassword = randomBytes(12).toString('base64url');
    this.users.set('tfa@pve', { password: this.tfaPassword, role: 'Administrator' });
    this.users.set('webauthn@pve', { password: this.tfaPassword, role: 'Administrator' });
    const totp = this.tfa.addTotpUser('tfa@pve');
    this.totpSecret = totp.totpSecret;
    this.recoveryKeys = totp.recoveryKeys;
    this.tfa.addWebauthnUser('webauthn@pve');
  }

  static async create(clock: SimClock, rootPassword?: string): Promise<AuthService> {
    const auth = new AuthService(clock, await newKeyPair(), rootPassword);
    auth.prepareSpare();
    return auth;
  }

  /** Every ticket and CSRF token issued so far stops verifying. */
  expireAll(): void {
    this.keys = this.spare ?? newKeyPairSync();
    this.spare = undefined;
    this.csrfSecret = randomBytes(32);
    this.prepareSpare();
  }

  private prepareSpare(): void {
    if (!this.spareJob && !this.closed && !this.spare) {
      this.spareJob = newKeyPair().then(
        (k) => {
          this.spareJob = undefined;
          if (!this.closed) this.spare = k;
        },
        () => {
          this.spareJob = undefined;
        },
      );
    }
  }

  /** Stop making spare key pairs; resolves once one under way is done. */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.spareJob;
  }

  setPassword(user: string, password: string): void {
    const rec = this.users.get(user);
    if (!rec) throw new Error(`no such user '${user}'`);
    rec.password = password;
  }

  userExists(user: string): boolean {
    return this.users.has(user);
  }

  checkPassword(user: string, password: string): boolean {
    const rec = this.users.get(user);
    if (!rec) return false;
    const a = Buffer.from(rec.password);
    const b = Buffer.from(password);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  createTicket(user: string): string {
    const data = `PVE:${user.replace(/:/g, '%3A')}:${hex8(this.clock.now())}`;
    const sig = createSign('sha256').update(data).sign(this.keys.privateKey, 'base64');
    return `${data}::${sig}`;
  }

  /**
   * The half ticket of TFA step 1: `PVE:!tfa!<url-encoded challenge JSON>:<T>::<SIG>`, the
   * signature also covering the user, so it answers only for the user it was made for.
   */
  createTfaTicket(user: string, challenge: TfaChallenge): string {
    const data = `PVE:!tfa!${encodeURIComponent(JSON.stringify(challenge))}:${hex8(this.clock.now())}`;
    const sig = createSign('sha256').update(`${data}:${user}`).sign(this.keys.privateKey, 'base64');
    return `${data}::${sig}`;
  }

  /** Whether a half ticket is genuine, fresh and made for `user`. */
  verifyTfaTicket(ticket: string, user: string): boolean {
    const m = /^(PVE:!tfa![^:]*:([0-9A-F]{8}))::(.+)$/.exec(ticket);
    if (!m) return false;
    let ok = false;
    try {
      ok = createVerify('sha256')
        .update(`${m[1]}:${user}`)
        .verify(this.keys.publicKey, m[3]!, 'base64');
    } catch {
      ok = false;
    }
    return ok && this.fresh(parseInt(m[2]!, 16));
  }

  /** The user a ticket belongs to, or undefined when it is forged, from an old key or expired. */
  verifyTicket(ticket: string): string | undefined {
    const m = /^(PVE:([^:]+):([0-9A-F]{8}))::(.+)$/.exec(ticket);
    if (!m) return undefined;
    const [, data, user, t, sig] = m as unknown as [string, string, string, string, string];
    if (user.startsWith('!tfa!')) return undefined;
    let ok = false;
    try {
      ok = createVerify('sha256').update(data).verify(this.keys.publicKey, sig, 'base64');
    } catch {
      ok = false;
    }
    if (!ok || !this.fresh(parseInt(t, 16))) return undefined;
    return decodeURIComponent(user);
  }

  /**
   * A short-lived ticket as ACL assemble_vnc_ticket makes it (pve-access-control
   * src/PVE/AccessControl.pm; pve-common src/PVE/Ticket.pm assemble_rsa_ticket): `PVEVNC:<T>::<SIG>`,
   * the signature over `PVEVNC:<T>:<authid>:<path>[:<port>]`, so neither user nor path is readable.
   */
  createVncTicket(authid: string, path: string, port?: number): string {
    const plain = `PVEVNC:${hex8(this.clock.now())}`;
    const sig = createSign('sha256')
      .update(vncSecretData(plain, authid, path, port))
      .sign(this.keys.privateKey, 'base64');
    return `${plain}::${sig}`;
  }

  /**
   * ACL verify_vnc_ticket: the signature must match this authid, path and port, and the age must be
   * within -20..40 s. A leading `<8 chars>:` (the VNC password prefix since PVE 9.1.9) is ignored.
   */
  verifyVncTicket(ticket: string, authid: string, path: string, port?: number): boolean {
    const unprefixed = /^.{8}:(PVEVNC:.*)$/s.exec(ticket)?.[1] ?? ticket;
    const m = /^(PVEVNC:([0-9A-F]{8}))::([^:\s]+)$/.exec(unprefixed);
    if (!m) return false;
    let ok = false;
    try {
      ok = createVerify('sha256')
        .update(vncSecretData(m[1]!, authid, path, port))
        .verify(this.keys.publicKey, m[3]!, 'base64');
    } catch {
      ok = false;
    }
    const age = this.clock.now() - parseInt(m[2]!, 16);
    return ok && age > VNC_TICKET_MIN_AGE && age < VNC_TICKET_MAX_AGE;
  }

  createCsrfToken(user: string): string {
    const t = hex8(this.clock.now());
    return `${t}:${this.csrfDigest(t, user)}`;
  }

  verifyCsrfToken(user: string, token: string | undefined): boolean {
    if (!token) return false;
    const m = /^([0-9A-F]{8}):(\S+)$/.exec(token);
    if (!m) return false;
    const expected = Buffer.from(this.csrfDigest(m[1]!, user));
    const got = Buffer.from(m[2]!);
    if (expected.length !== got.length || !timingSafeEqual(expected, got)) return false;
    return this.fresh(parseInt(m[1]!, 16));
  }

  private csrfDigest(t: string, user: string): string {
    // Digest::SHA hmac_sha256_base64: standard alphabet, no padding (43 chars).
    return createHmac('sha256', this.csrfSecret)
      .update(`${t}:${user}`)
      .digest('base64')
      .replace(/=+$/, '');
  }

  private fresh(t: number): boolean {
    const age = this.clock.now() - t;
    return age > -CLOCK_SKEW && age < TICKET_LIFETIME;
  }

  /** `user@realm!tokenid=secret` (already URL-decoded) → identity, or a 401. */
  verifyToken(value: string): Identity {
    const eq = value.lastIndexOf('=');
    if (eq < 0) throw authError('invalid token value!');
    const tokenid = value.slice(0, eq);
    const secret = value.slice(eq + 1);
    const m = /^(\S+@[A-Za-z][A-Za-z0-9.\-_]+)!([A-Za-z][A-Za-z0-9._-]+)$/.exec(tokenid);
    if (!m) throw authError('invalid token value!');
    if (tokenid !== this.tokenId) {
      throw authError(`no such token '${m[2]}' for user '${m[1]}'`);
    }
    const a = Buffer.from(this.tokenSecret);
    const b = Buffer.from(secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw authError('invalid token value!');
    return { user: m[1]!, tokenid: m[2]!, authid: tokenid };
  }

  /** Whether an identity holds a privilege (the demo's ACL: root everything, auditor reads). */
  hasPriv(identity: Identity, priv: string): boolean {
    // The token has privsep=0, so it carries its user's rights unchanged.
    const rec = this.users.get(identity.user);
    if (!rec) return false;
    return rec.role === 'Administrator' || AUDITOR_PRIVS.has(priv);
  }

  capabilities(user: string): Capabilities {
    const cap: Capabilities = {};
    const identity: Identity = { user, authid: user };
    for (const [group, privs] of Object.entries(ALL_PRIVS)) {
      const entry: Record<string, 1> = {};
      for (const p of privs) if (this.hasPriv(identity, p)) entry[p] = 1;
      cap[group] = entry;
    }
    return cap;
  }

  /** Normalise the login name as PVE does: `realm` is appended when the name has none. */
  static loginName(username: string, realm: string | undefined): string {
    if (realm && !username.includes('@')) return `${username}@${realm}`;
    if (!username.includes('@')) throw fail('authentication failure', 401);
    return username;
  }
}
