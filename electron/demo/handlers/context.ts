// What every API handler gets and gives: the request context (typed, verified parameters and the
// caller's identity), the reply shape, the route record, and the small helpers all handlers use.

import type { AuthService, Identity } from '../auth';
import { permissionDenied } from '../errors';
import type { Params } from '../params';
import type { DemoNode } from '../model';
import type { Simulation } from '../sim';
import type { ConsoleManager } from '../console/manager';

export interface Reply {
  data: unknown;
  total?: number;
  /** a non-JSON body (task log download; the journal, gzip-encoded) */
  raw?: { contentType: string; body: string | Buffer; encoding?: 'gzip' };
  /** `data` already serialised */
  json?: string;
}

export interface HandlerContext {
  sim: Simulation;
  auth: AuthService;
  /** undefined only on endpoints that need no authentication */
  identity: Identity | undefined;
  params: Params;
  consoles: ConsoleManager;
  /** The node that took the call (its front end's node). */
  localNode: DemoNode;
  /** 401 answers wait this long, like pveproxy's delay */
  authFailure: () => Promise<never>;
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  template: string;
  /** false for the few endpoints pveproxy serves without a ticket */
  auth: boolean;
  /** the schema's `check => ['perm', path, [priv]]`, tested before proxying (server.ts) */
  perm?: [path: string, priv: string];
  /** allowtoken=0 in the schema */
  noToken?: boolean;
  /** no `proxyto`: handled by the node that got the call, even for a dead target node */
  local?: boolean;
  handler: Handler;
}

/** The caller, who must hold `priv` on `path` (a 403 otherwise). */
export function need(ctx: HandlerContext, path: string, priv: string): Identity {
  const id = ctx.identity!;
  if (!ctx.auth.hasPriv(id, priv)) throw permissionDenied(path, priv);
  return id;
}

/** A verified parameter as text (path parameters and strings). */
export function str(p: Params, k: string): string {
  return String(p[k]);
}

/** A verified parameter as a number. */
export function num(p: Params, k: string): number {
  return Number(p[k]);
}
