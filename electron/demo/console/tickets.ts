// VNC tickets and passwords for the console proxies (spec §7): issuing them for a proxy, and every
// check a ticket meets on the way to a console: the vncwebsocket GET, termproxy's auth line, and
// the two API routes termproxy verifies through (POST /access/vncticket, POST /access/ticket).
//   ACL = pve-access-control src/PVE/AccessControl.pm, TERMPROXY = pve-xtermjs termproxy/src/main.rs.

import { randomBytes } from 'node:crypto';
import type { AuthService, Identity } from '../auth';
import { identityOf, tokenOf } from '../authid';
import { ApiError, fail } from '../errors';
import type { ConsoleSession } from './session';
import type { ConsoleFeatures } from './version';

/** pve-common src/PVE/Ticket.pm generate_vnc_password: 8 chars from '!' (0x21) to '`' (0x60). */
export function generateVncPassword(): string {
  let out = '';
  while (out.length < 8) {
    for (const b of randomBytes(16)) {
      if (out.length < 8) out += String.fromCharCode(0x21 + (b & 0x3f));
    }
  }
  return out;
}

function privList(privs: string): string[] {
  return privs.split(/[,; ]+/).filter(Boolean);
}

export class ConsoleTickets {
  constructor(
    private readonly auth: AuthService,
    private readonly features: ConsoleFeatures,
  ) {}

  /** The port a ticket is bound to, where this version binds one. */
  private boundPort(port: number): number | undefined {
    return this.features.portBoundTickets ? port : undefined;
  }

  /** ACL assemble_vnc_ticket: the port is signed in since PVE 9.1.9 (qemu-server c9ee34b5). */
  issue(identity: Identity, path: string, port: number): string {
    return this.auth.createVncTicket(identity.authid, path, this.boundPort(port));
  }

  /** Before 9.0.13 the node shell ran verify_username, which a token id fails. */
  checkNodeShellCaller(identity: Identity): void {
    if (identity.tokenid && !this.features.nodeShellTokens) {
      // pve-access-control src/PVE/Auth/Plugin.pm verify_username's text.
      throw fail(`value '${identity.authid}' does not look like a valid user name`);
    }
  }

  /**
   * GET …/vncwebsocket, the handler part (NODES/QEMU/LXC vncwebsocket): the ticket must verify
   * for the caller, the path and (since 9.1.9) the port. Throws PVE's errors.
   */
  verifyWebsocket(identity: Identity, path: string, port: number, vncticket: string): void {
    if (path.startsWith('/nodes/')) this.checkNodeShellCaller(identity);
    const ok = this.auth.verifyVncTicket(vncticket, identity.authid, path, this.boundPort(port));
    // pve-common Ticket.pm verify_rsa_ticket raises this 401.
    if (!ok) throw new ApiError(401, 'permission denied - invalid PVEVNC ticket');
  }

  /** What termproxy asks the API to verify the auth line (TERMPROXY authenticate). */
  termproxyAuth(s: ConsoleSession, authid: string, ticket: string): boolean {
    // The pinned ticket (--ticket-fd, since 9.1.9) must be the one the proxy was made with.
    if (this.features.portBoundTickets && ticket !== s.ticket) return false;
    const { kind, aclPath, priv } = s.spec;
    const vncEndpoint =
      kind === 'shell' ? this.features.nodeShellTokens : this.features.portBoundTickets;
    if (vncEndpoint) {
      return this.checkVncticketEndpoint(authid, ticket, aclPath, priv, this.boundPort(s.port));
    }
    return this.checkTicketEndpoint(authid, ticket, aclPath, priv);
  }

  /**
   * POST /access/vncticket (pve-access-control src/PVE/API2/AccessControl.pm verify_vnc_ticket):
   * the ticket for this authid (user or token), path and port, and the privilege on the path.
   */
  checkVncticketEndpoint(
    authid: string,
    ticket: string,
    path: string,
    privs: string,
    port: number | undefined,
  ): boolean {
    if (!this.auth.verifyVncTicket(ticket, authid, path, port)) return false;
    const id = identityOf(authid);
    if (id.tokenid !== undefined && authid !== this.auth.tokenId) return false;
    if (!this.auth.userExists(id.user)) return false;
    const list = privList(privs);
    return list.length > 0 && list.every((p) => this.auth.hasPriv(id, p));
  }

  /**
   * The older route, POST /access/ticket with path+privs (verify_auth): a user (never a token:
   * lookup_username fails on a token id) with a port-less VNC ticket.
   */
  private checkTicketEndpoint(user: string, ticket: string, path: string, privs: string): boolean {
    if (tokenOf(user) !== undefined || !this.auth.userExists(user)) return false;
    if (!this.auth.verifyVncTicket(ticket, user, path, undefined)) return false;
    return privList(privs).every((p) => this.auth.hasPriv({ user, authid: user }, p));
  }
}
