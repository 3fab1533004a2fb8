// The HTTPS front end, behaving as pveproxy does on the wire (spec §1, §2): auth stage (cookie,
// Authorization header, API token, CSRF), 501 for unknown methods, node proxying (595 for a dead
// node, 500 for an unknown one), parameter verification, the JSON envelope, keep-alive with a 5 s
// idle timeout and the connection closed after any status >= 400. Faults and latency sit in front.

import { createServer, type Server } from 'node:https';
import type { Duplex } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { AuthService, Identity } from './auth';
import { ApiError, authError, notImplemented, permissionDenied, unreachable } from './errors';
import { faultReason, isPseudoStatus, type FaultSet } from './faults';
import { verifyParams, type RawParams } from './params';
import { Router, type Reply } from './routes';
import type { Simulation } from './sim';
import type { ConsoleManager } from './console/sessions';

const PREFIX = '/api2/json';
const MAX_BODY = 1024 * 1024;

export interface ServerOptions {
  key: string;
  cert: string;
  latencyMs: number;
  authFailureDelayMs: number;
}

class BodyError extends Error {}

export class ApiServer {
  readonly server: Server;
  private readonly router = new Router();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly counts = new Map<string, number>();
  private closing = false;

  constructor(
    private readonly sim: Simulation,
    private readonly auth: AuthService,
    private readonly faults: FaultSet,
    private readonly consoles: ConsoleManager,
    private readonly opts: ServerOptions,
  ) {
    this.server = createServer({ key: opts.key, cert: opts.cert }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          this.sendError(res, new ApiError(500, err instanceof Error ? err.message : String(err)));
        }
      });
    });
    // pveproxy: 5 s idle keep-alive, at most 100 requests per connection.
    this.server.keepAliveTimeout = 5000;
    this.server.maxRequestsPerSocket = 100;
    this.server.headersTimeout = 30_000;
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // TLS handshake failures (a client refusing the certificate) are the client's business.
    this.server.on('tlsClientError', () => {});
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => {});
      this.handleUpgrade(req, socket, head).catch((err: unknown) => {
        this.writeRaw(socket, new ApiError(500, err instanceof Error ? err.message : String(err)));
      });
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  setCertificate(key: string, cert: string): void {
    this.server.setSecureContext({ key, cert });
    // pveproxy restarts on a new certificate: open connections go, clients reconnect and see it.
    for (const s of this.sockets) s.destroy();
  }

  requestCounts(): Map<string, number> {
    return new Map(this.counts);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new BodyError('request entity too large'));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname;
    const key = `${method} ${path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);

    let body: string;
    try {
      body = await this.readBody(req);
    } catch {
      if (!res.destroyed) this.sendError(res, new ApiError(413, 'Request Entity Too Large'));
      return;
    }
    await this.delay(this.opts.latencyMs);
    if (this.closing || res.destroyed) return;

    const fault = this.faults.take(method, path);
    if (fault) {
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'slow') {
        await this.delay(fault.delayMs);
        if (this.closing || res.destroyed) return;
      } else if (fault.kind === 'malformed') {
        res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
        res.end('{"data":[{"id":"qemu/100","status":"runn');
        return;
      } else {
        this.sendError(res, statusFault(fault));
        return;
      }
    }

    try {
      const reply = await this.dispatch(req, method, url, body);
      this.sendReply(res, reply);
    } catch (err) {
      const e =
        err instanceof ApiError
          ? err
          : new ApiError(500, err instanceof Error ? err.message : String(err));
      if (e.status === 401) await this.delay(this.opts.authFailureDelayMs);
      if (this.closing || res.destroyed) return;
      this.sendError(res, e);
    }
  }

  /**
   * A request with `Upgrade:` (HTTP handle_api2_request): it goes through the REST handler like
   * any other (auth, permissions, parameters, the vncwebsocket ticket check); only a 200 for a
   * GET on a path ending in `websocket` becomes a websocket proxied to the proxy's port.
   */
  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname;
    const key = `${method} ${path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    await this.delay(this.opts.latencyMs);
    if (this.closing || socket.destroyed) return void socket.destroy();

    const fault = this.faults.take(method, path);
    if (fault) {
      if (fault.kind === 'drop') return void socket.destroy();
      if (fault.kind === 'slow') {
        await this.delay(fault.delayMs);
        if (this.closing || socket.destroyed) return void socket.destroy();
      } else if (fault.kind === 'malformed') {
        socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{"data":{"port":');
        return;
      } else {
        return this.writeRaw(socket, statusFault(fault));
      }
    }

    let reply: Reply;
    try {
      reply = await this.dispatch(req, method, url, '');
    } catch (err) {
      const e =
        err instanceof ApiError
          ? err
          : new ApiError(500, err instanceof Error ? err.message : String(err));
      if (e.status === 401) await this.delay(this.opts.authFailureDelayMs);
      if (this.closing) return void socket.destroy();
      return this.writeRaw(socket, e);
    }
    if (this.closing) return void socket.destroy();
    const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
    if (method === 'GET' && path.endsWith('websocket')) {
      if (upgrade !== 'websocket') {
        return this.writeRaw(
          socket,
          new ApiError(500, `unable to upgrade to protocol '${upgrade}'`),
        );
      }
      const version = req.headers['sec-websocket-version'];
      if (version !== '13') {
        return this.writeRaw(
          socket,
          new ApiError(500, `unsupported websocket-version '${version ?? ''}'`),
        );
      }
      if (!req.headers['sec-websocket-key']) {
        return this.writeRaw(socket, new ApiError(500, 'missing websocket-key'));
      }
      const data = reply.data as { port?: string } | undefined;
      this.consoles.upgrade(req, socket, head, Number(data?.port));
      return;
    }
    // Not a websocket path: an ordinary answer, as pveproxy gives one.
    const text = JSON.stringify({ data: reply.data ?? null });
    socket.end(
      `HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }

  /** An error answer written straight to a socket (no ServerResponse on the upgrade path). */
  private writeRaw(socket: Duplex, e: ApiError): void {
    if (socket.destroyed) return;
    const { status, reason, headers, body } = this.errorParts(e);
    const lines = [`HTTP/1.1 ${status} ${reason}`];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }

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

  private async dispatch(
    req: IncomingMessage,
    method: string,
    url: URL,
    body: string,
  ): Promise<Reply> {
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

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      'Cache-Control': 'max-age=0',
      Pragma: 'no-cache',
      Expires: new Date().toUTCString(),
      Server: 'pve-api-daemon/3.0',
      ...extra,
    };
  }

  private sendReply(res: ServerResponse, reply: Reply): void {
    if (reply.raw) {
      res.writeHead(200, this.headers({ 'Content-Type': reply.raw.contentType }));
      res.end(reply.raw.body);
      return;
    }
    let text: string;
    if (reply.json !== undefined) text = `{"data":${reply.json}}`;
    else {
      const out: Record<string, unknown> = { data: reply.data };
      // pve-http-server Formatter/Standard.pm: `total` only when true in Perl, so never 0.
      if (reply.total) out.total = reply.total;
      text = JSON.stringify(out);
    }
    res.writeHead(200, this.headers({ 'Content-Type': 'application/json;charset=UTF-8' }));
    res.end(text);
  }

  private errorParts(e: ApiError): {
    status: number;
    reason: string;
    headers: Record<string, string>;
    body: string;
  } {
    const message = e.message;
    // The reason phrase is the message's first line (HTTP forbids control characters in it).
    const reason = (message.split('\n')[0] ?? '').replace(/[^\t\x20-\x7e]/g, ' ');
    const headers = this.headers({ Connection: 'close' });
    if (e.options.emptyBody) return { status: e.status, reason, headers, body: '' };
    if (e.options.textBody) return { status: e.status, reason, headers, body: message };
    const out: Record<string, unknown> = {
      data: null,
      // `die "…\n"` texts end in a newline; rest_handler's own 501 text does not.
      message: message.endsWith('\n') || e.options.exact ? message : `${message}\n`,
    };
    if (e.options.errors) out.errors = e.options.errors;
    return {
      status: e.status,
      reason,
      headers: { ...headers, 'Content-Type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(out),
    };
  }

  private sendError(res: ServerResponse, e: ApiError): void {
    const { status, reason, headers, body } = this.errorParts(e);
    res.statusMessage = reason;
    if (e.options.emptyBody) {
      res.writeHead(status, { ...headers, 'Content-Length': '0' });
      res.end();
      return;
    }
    res.writeHead(status, headers);
    res.end(body);
  }
}

/** The error a status fault answers with: PVE's reason, and no body where pveproxy sends none. */
function statusFault(fault: { status: number; message?: string }): ApiError {
  const reason = faultReason(fault.status, fault.message, STATUS_CODES[fault.status] ?? 'Error');
  const empty = isPseudoStatus(fault.status) || fault.status === 401;
  return new ApiError(fault.status, reason, { emptyBody: empty });
}
