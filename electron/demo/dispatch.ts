// The request's way to its handler, as pve-manager PVE/HTTPServer.pm runs it: the auth stage
// (cookie, Authorization header, API token, CSRF), the token and permission checks, the
// forwarding check for node-bound calls (595 for a dead node), then parameter verification.

import type { IncomingMessage } from 'node:http';
import type { AuthService, Identity } from './auth';
import type { ConsoleManager } from './console/manager';
import { ApiError, authError, notImplemented, permissionDenied, unreachable } from './errors';
import { verifyParams, type RawParams } from './params';
import { Router, type Reply } from './routes';
import type { DemoNode } from './model';
import type { Simulation } from './sim';

const PREFIX = '/api2/json';

export class Dispatcher {
  private readonly router = new Router();

  constructor(
    private readonly sim: Simulation,
    private readonly auth: AuthService,
    private readonly consoles: ConsoleManager,
    /** The node whose front end this is. */
    private readonly localNode: DemoNode = sim.localNode,
  ) {}

  private authenticate(req: IncomingMessage, method: string): Identity {
    const cookie = /(?:^|;\s*)PVEAuthCookie=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
    const authorization = req.headers.authorization ?? '';
    let ticket = cookie;
    if (!ticket) ticket = /(?:^|\s)PVEAuthCookie=([^;]*)/.exec(authorization)?.[1];
    if (ticket) {
      // pve-manager PVE/HTTPServer.pm auth_handler: whatever verify_ticket says, the client
      // only sees `Authentication failed!` (the detail goes to the daemon's log).
      let decoded: string;
      try {
        decoded = decodeURIComponent(ticket);
      } catch {
        throw authError('Authentication failed!');
      }
      const user = this.auth.verifyTicket(decoded);
      if (!user) throw authError('Authentication failed!');
      if (method !== 'GET') {
        const csrf = req.headers['csrfpreventiontoken'];
        if (!this.auth.verifyCsrfToken(user, Array.isArray(csrf) ? csrf[0] : csrf)) {
          throw authError('Permission denied - invalid csrf token');
        }
      }
      return { user, authid: user };
    }
    const token = /(?:^|\s)PVEAPIToken(?:=| )([^;]*)/.exec(authorization)?.[1];
    if (token) {
      // As for tickets, verify_token's reason is logged, not sent (HTTPServer.pm auth_handler).
      try {
        return this.auth.verifyToken(decodeURIComponent(token).trim());
      } catch {
        throw authError('Authentication failed!');
      }
    }
    throw authError('No ticket');
  }

  async dispatch(req: IncomingMessage, method: string, url: URL, body: string): Promise<Reply> {
    if (!url.pathname.startsWith(PREFIX + '/')) {
      throw notImplemented(method, url.pathname);
    }
    const rel = url.pathname.slice(PREFIX.length);
    const match = this.router.match(method, rel);

    let identity: Identity | undefined;
    const open = match && !match.route.auth;
    if (!open) identity = this.authenticate(req, method);

    // pve-http-server AnyEvent.pm: after the auth stage, a body on anything but POST/PUT is
    // refused with a plain-text 501 (HTTPServer->error writes the message as the body).
    if (body.length > 0 && method !== 'POST' && method !== 'PUT') {
      throw new ApiError(501, `Unexpected content for method '${method}'`, { textBody: true });
    }
    if (!match) throw notImplemented(method, rel);

    // pve-manager PVE/HTTPServer.pm rest_handler: the allowtoken and permission checks run on
    // the node that received the call, before it proxies to the target node (and so before the
    // target verifies parameters or finds the guest).
    if (
      match.route.noToken &&
      /(?:^|\s)PVEAPIToken(?:=| )/.test(req.headers.authorization ?? '') &&
      !/(?:^|;\s*)PVEAuthCookie=/.test(req.headers.cookie ?? '')
    ) {
      // raise_perm_exc("URI '…' not available with API token, need proper ticket.\n"): the
      // newline ends up inside the parentheses (pve-common PVE/Exception.pm).
      throw new ApiError(
        403,
        `Permission check failed (URI '${rel}' not available with API token, need proper ticket.\n)`,
      );
    }
    if (match.route.perm && identity) {
      const [template, priv] = match.route.perm;
      const path = template.replace(/\{(\w+)\}/g, (_, k: string) => match.pathParams[k] ?? '');
      if (!this.auth.hasPriv(identity, priv)) throw permissionDenied(path, priv);
    }

    // pveproxy forwards node-bound calls before the target verifies parameters.
    const nodeName = match.pathParams.node;
    if (nodeName !== undefined && !match.route.local) {
      const node = this.sim.node(nodeName);
      if (!node.online) throw unreachable();
    }

    const { raw, fromJson } = this.parseParams(req, url, body, match.pathParams);
    const params = verifyParams(`${method} ${match.route.template}`, raw, fromJson);
    return await match.route.handler({
      sim: this.sim,
      auth: this.auth,
      identity,
      params,
      consoles: this.consoles,
      localNode: this.localNode,
      authFailure: () => Promise.reject(new ApiError(401, 'authentication failure')),
    });
  }

  private parseParams(
    req: IncomingMessage,
    url: URL,
    body: string,
    pathParams: Record<string, string>,
  ): { raw: RawParams; fromJson: boolean } {
    const raw: RawParams = {};
    const add = (k: string, v: unknown): void => {
      const prev = raw[k];
      // Repeated form keys become arrays (RESTHandler).
      raw[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    };
    for (const [k, v] of url.searchParams) add(k, v);
    let fromJson = false;
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (body.length > 0) {
      if (type.startsWith('application/json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          throw new ApiError(400, 'Parameter verification failed.', {
            errors: { body: 'unable to parse JSON body' },
          });
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          throw new ApiError(400, 'Parameter verification failed.', {
            errors: { body: 'JSON body must be an object' },
          });
        }
        fromJson = true;
        for (const [k, v] of Object.entries(parsed)) raw[k] = v;
      } else {
        for (const [k, v] of new URLSearchParams(body)) add(k, v);
      }
    }
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(pathParams)) {
      if (raw[k] !== undefined && String(raw[k]) !== v) {
        // pve-manager PVE/HTTPServer.pm rest_handler
        errors[k] = 'duplicate parameter (already defined in URI) with conflicting values!';
      }
      raw[k] = v;
    }
    if (Object.keys(errors).length) {
      throw new ApiError(400, 'Parameter verification failed.', { errors });
    }
    return { raw, fromJson };
  }
}
