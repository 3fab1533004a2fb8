// The HTTPS front end, behaving as pveproxy does on the wire (spec §1, §2): a TLS server on
// 127.0.0.1 with keep-alive (5 s idle, 100 requests), the connection closed after any status
// >= 400; requests go through request.ts, upgrades through upgrade.ts, both to dispatch.ts.
// Faults and latency sit in front. The server, its sockets and its delays are in one store.

import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  DisposableStore,
  systemScheduler,
  type Disposable,
  type Scheduler,
} from '../../shared/lifecycle';
import type { AuthService } from './auth';
import type { ConsoleManager } from './console/manager';
import { Dispatcher } from './dispatch';
import { ApiError } from './errors';
import type { FaultSet } from './faults';
import type { FrontEnd } from './front';
import { handleRequest } from './request';
import type { DemoNode } from './model';
import type { Simulation } from './sim';
import { handleUpgrade } from './upgrade';
import { asApiError, sendError, writeRaw } from './wire';

export interface ServerOptions {
  key: string;
  cert: string;
  latencyMs: number;
  authFailureDelayMs: number;
  scheduler?: Scheduler;
  /** The node this front end is (its /cluster/status `local`); default the simulation's. */
  localNode?: DemoNode;
}

export class ApiServer implements FrontEnd, Disposable {
  readonly server: Server;
  readonly dispatcher: Dispatcher;
  readonly latencyMs: number;
  readonly authFailureDelayMs: number;
  private readonly scheduler: Scheduler;
  private readonly sockets = new Set<Socket>();
  private readonly counts = new Map<string, number>();
  private tls = 0;
  private readonly store = new DisposableStore('demo api server');

  constructor(
    sim: Simulation,
    auth: AuthService,
    readonly faults: FaultSet,
    readonly consoles: ConsoleManager,
    opts: ServerOptions,
  ) {
    this.dispatcher = new Dispatcher(sim, auth, consoles, opts.localNode ?? sim.localNode);
    this.latencyMs = opts.latencyMs;
    this.authFailureDelayMs = opts.authFailureDelayMs;
    this.scheduler = opts.scheduler ?? systemScheduler;
    this.server = createServer({ key: opts.key, cert: opts.cert }, (req, res) => {
      handleRequest(this, req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) sendError(res, asApiError(err));
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
    this.server.on('secureConnection', () => this.tls++);
    // TLS handshake failures (a client refusing the certificate) are the client's business.
    this.server.on('tlsClientError', () => {});
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => {});
      handleUpgrade(this, req, socket, head).catch((err: unknown) => {
        writeRaw(socket, new ApiError(500, err instanceof Error ? err.message : String(err)));
      });
    });
    // On dispose, newest first: the sockets go, then the server stops listening.
    this.store.defer(() => {
      if (!this.server.listening) return;
      return new Promise<void>((resolve) => this.server.close(() => resolve()));
    });
    this.store.defer(() => {
      for (const s of this.sockets) s.destroy();
    });
  }

  get closing(): boolean {
    return this.store.isDisposed;
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
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

  count(method: string, path: string): void {
    const key = `${method} ${path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  requestCounts(): Map<string, number> {
    return new Map(this.counts);
  }

  /** TLS connections accepted (handshakes completed) since start. */
  tlsConnections(): number {
    return this.tls;
  }

  delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    // A delay cut short by closing never resolves: the request it held is dropped with it.
    return new Promise((resolve) => {
      const timer: Disposable = this.store.add(
        this.scheduler.setTimeout(
          () => {
            this.store.forget(timer);
            resolve();
          },
          ms,
          { label: 'demo api delay' },
        ),
      );
    });
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
