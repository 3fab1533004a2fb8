// A logged-in PVE API client for one server: ticket + CSRF or API-token auth, ticket renewal, and
// one transparent re-login when a ticket is refused mid-session. Secrets stay inside this object.

import type { z } from 'zod';
import { DeckhandError } from '../../../shared/errors';
import { DisposableStore, systemScheduler, type Disposable } from '../../../shared/lifecycle';
import type { ProfileAuthInput } from '../../../shared/model';
import type { TfaAnswer } from '../../../shared/tfa';
import { RequestInDoubt, loginFailed, malformedReply, tokenRejected } from './errors';
import type { PveParams } from './form';
import { ticketReply } from './schemas';
import { noTfaPending, readChallenge, tfaNeeded, tfaRefused, type PendingTfa } from './tfa';
import {
  PveReplyError,
  PveTransport,
  type HttpMethod,
  type PveEnvelope,
  type TransportOptions,
} from './transport';

export interface PveClientOptions extends TransportOptions {
  credentials: ProfileAuthInput;
  /** Clock for ticket age (ms). Default: the scheduler's. */
  now?: () => number;
  /** Renew the ticket once it is this old (ms). PVE tickets live 2 h; the web UI renews every 15 min. */
  renewAfterMs?: number;
}

export interface LoginInfo {
  /** `user@realm`, or the token id `user@realm!name` */
  identity: string;
  /** Only in a cluster, and only if the user may audit `/` */
  clusterName?: string;
}

interface Ticket {
  user: string;
  ticket: string;
  csrf: string;
  issuedAt: number;
}

/** PVE refuses tickets older than 2 h; past this age a failed renewal cannot be ignored. */
const TICKET_USABLE_MS = 110 * 60_000;

function fullUserName(username: string, realm: string): string {
  return username.includes('@') ? username : `${username}@${realm}`;
}

export class PveClient implements Disposable {
  readonly transport: PveTransport;
  private readonly store = new DisposableStore('PveClient');
  private readonly credentials: ProfileAuthInput;
  private readonly now: () => number;
  private readonly renewAfterMs: number;
  private ticket: Ticket | undefined;
  /** One login or renewal at a time; concurrent callers share it. */
  private pendingAuth: Promise<void> | undefined;
  /** A password login waiting for its second factor (the half ticket; never the code). */
  private pendingTfa: PendingTfa | undefined;
  /** What the last two-factor login said, while its ticket lives (login() reuses it). */
  private tfaLogin: LoginInfo | undefined;

  constructor(opts: PveClientOptions) {
    this.transport = this.store.add(new PveTransport(opts));
    this.store.defer(() => {
      this.ticket = undefined;
      this.pendingTfa = undefined;
    });
    this.credentials = opts.credentials;
    const scheduler = opts.scheduler ?? systemScheduler;
    this.now = opts.now ?? (() => scheduler.now());
    this.renewAfterMs = opts.renewAfterMs ?? 15 * 60_000;
  }

  get authMode(): ProfileAuthInput['mode'] {
    return this.credentials.mode;
  }

  /** Log in (password) or verify the token. Wrong credentials → DeckhandError kind 'auth'. */
  async login(signal?: AbortSignal): Promise<LoginInfo> {
    if (this.credentials.mode === 'token') {
      // Tokens are stateless: any authenticated call proves them.
      await this.request('GET', '/version', undefined, signal);
      return { identity: this.credentials.tokenId };
    }
    // A two-factor ticket still alive stands for the login: asking for a code again on every
    // reconnect would be a prompt per network hiccup.
    if (this.tfaLogin && this.ticket) {
      await this.renewIfDue(signal);
      if (this.tfaLogin && this.ticket) return this.tfaLogin;
    }
    this.pendingTfa = undefined;
    const reply = await this.passwordLogin(signal);
    return {
      identity: reply.username,
      ...(reply.clustername ? { clusterName: reply.clustername } : {}),
    };
  }

  private async passwordLogin(signal?: AbortSignal): Promise<z.infer<typeof ticketReply>> {
    if (this.credentials.mode !== 'password') throw new Error('not a password profile');
    const user = fullUserName(this.credentials.username, this.credentials.realm);
    // A code is being asked for: do not start over behind the user's back (login() does).
    if (this.pendingTfa) throw tfaNeeded(this.pendingTfa);
    this.tfaLogin = undefined;
    const reply = await this.postTicket(
      { username: user, password: this.credentials.password },
      signal,
      true,
    );
    if (reply.NeedTFA) {
      // The password was right; the half ticket waits for answerTfa().
      this.ticket = undefined;
      this.pendingTfa = readChallenge(reply.username, reply.ticket ?? '');
      throw tfaNeeded(this.pendingTfa);
    }
    this.ticket = this.ticketFrom(reply);
    return reply;
  }

  /** The second factor that is asked for now, if a login waits for one. */
  get tfaPending(): boolean {
    return this.pendingTfa !== undefined;
  }

  /**
   * Answer the pending second factor (TFA step 2). The code is sent once and not kept. A refused
   * code leaves the challenge pending, so the user can try again.
   */
  async answerTfa(answer: TfaAnswer, signal?: AbortSignal): Promise<LoginInfo> {
    const pending = this.pendingTfa;
    if (!pending) throw noTfaPending();
    let reply: z.infer<typeof ticketReply>;
    try {
      reply = await this.postTicket(
        {
          username: pending.user,
          'tfa-challenge': pending.challenge,
          password: `${answer.kind}:${answer.code.trim()}`,
        },
        signal,
      );
    } catch (err) {
      if (err instanceof DeckhandError && err.kind === 'auth' && err.status === 401) {
        throw tfaRefused(pending, answer);
      }
      throw err;
    }
    if (this.pendingTfa === pending) this.pendingTfa = undefined;
    this.ticket = this.ticketFrom(reply);
    this.tfaLogin = {
      identity: reply.username,
      ...(reply.clustername ? { clusterName: reply.clustername } : {}),
    };
    return this.tfaLogin;
  }

  private async postTicket(
    params: Record<string, string>,
    signal?: AbortSignal,
    allowTfa = false,
  ): Promise<z.infer<typeof ticketReply>> {
    let envelope: PveEnvelope;
    try {
      envelope = await this.transport.send({
        method: 'POST',
        path: '/access/ticket',
        params,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      // PVE answers every login failure with 401 "authentication failure" (no user enumeration).
      if (err instanceof DeckhandError && err.status === 401) throw loginFailed();
      throw err;
    }
    const parsed = ticketReply.safeParse(envelope.data);
    if (!parsed.success) {
      throw malformedReply(
        { method: 'POST', path: '/access/ticket', hostPort: this.transport.endpoint.hostPort },
        'no login data',
      );
    }
    if (parsed.data.NeedTFA && !allowTfa) {
      // A renewal or step 2 must give a full ticket; a half one here means the login is gone.
      throw loginFailed();
    }
    return parsed.data;
  }

  private ticketFrom(reply: z.infer<typeof ticketReply>): Ticket {
    if (!reply.ticket || !reply.CSRFPreventionToken) {
      throw malformedReply(
        { method: 'POST', path: '/access/ticket', hostPort: this.transport.endpoint.hostPort },
        'no ticket in the login reply',
      );
    }
    return {
      user: reply.username,
      ticket: reply.ticket,
      csrf: reply.CSRFPreventionToken,
      issuedAt: this.now(),
    };
  }

  /** Run `fn` as the only login/renewal in flight; callers arriving meanwhile wait for it. */
  private serialized(fn: () => Promise<void>): Promise<void> {
    if (!this.pendingAuth) {
      this.pendingAuth = fn().finally(() => {
        this.pendingAuth = undefined;
      });
    }
    return this.pendingAuth;
  }

  /**
   * Renew the ticket when it is due: POST the current ticket as the password (as the web UI does).
   * If the server refuses it (expired while we slept), log in again with the stored password.
   */
  async renewIfDue(signal?: AbortSignal): Promise<void> {
    const t = this.ticket;
    if (this.credentials.mode !== 'password' || !t) return;
    if (this.now() - t.issuedAt < this.renewAfterMs) return;
    await this.serialized(async () => {
      if (this.ticket !== t) return; // someone renewed meanwhile
      try {
        this.ticket = this.ticketFrom(
          await this.postTicket({ username: t.user, password: t.ticket }, signal),
        );
      } catch (err) {
        if (err instanceof DeckhandError && err.kind === 'auth') {
          await this.passwordLogin(signal);
          return;
        }
        // A transient failure: the current ticket still works for a while, try again next time.
        if (this.now() - t.issuedAt >= TICKET_USABLE_MS) throw err;
      }
    });
  }

  /** The ticket age in ms, for tests and diagnostics (undefined for tokens or before login). */
  ticketAgeMs(): number | undefined {
    return this.ticket ? this.now() - this.ticket.issuedAt : undefined;
  }

  private authHeaders(method: HttpMethod): Record<string, string> {
    if (this.credentials.mode === 'token') {
      const { tokenId, secret } = this.credentials;
      return { authorization: `PVEAPIToken=${tokenId}=${secret}` };
    }
    if (!this.ticket) return {};
    const headers: Record<string, string> = {
      cookie: `PVEAuthCookie=${encodeURIComponent(this.ticket.ticket)}`,
    };
    if (method !== 'GET') headers.csrfpreventiontoken = this.ticket.csrf;
    return headers;
  }

  /** The identity this client acts as: `user@realm` or the token id. */
  get identity(): string {
    return this.credentials.mode === 'token'
      ? this.credentials.tokenId
      : fullUserName(this.credentials.username, this.credentials.realm);
  }

  /** The approved fingerprint, for other connections to the same server (console sockets). */
  get pinnedFingerprint(): string | undefined {
    return this.transport.pinnedFingerprint;
  }

  /**
   * Headers that authenticate a websocket (a GET, so no CSRF token) as the identity that created
   * the console proxy: the ticket cookie, logging in or renewing first, or the API token.
   */
  async socketHeaders(signal?: AbortSignal): Promise<Record<string, string>> {
    await this.renewIfDue(signal);
    if (this.credentials.mode === 'password' && !this.ticket) {
      await this.serialized(async () => {
        if (!this.ticket) await this.passwordLogin(signal);
      });
    }
    return this.authHeaders('GET');
  }

  /**
   * An authenticated request. A 401 with password auth triggers one re-login and one resend:
   * always for a GET (idempotent); for POST/PUT/DELETE only when the 401 came from PVE's auth stage
   * (empty body: ticket or CSRF token refused before any handler ran, so nothing was done and the
   * resend cannot do it twice). A 401 with a body came from a handler and is never resent.
   */
  async request(
    method: HttpMethod,
    path: string,
    params?: PveParams,
    signal?: AbortSignal,
    opts: { retries?: number; raw?: boolean } = {},
  ): Promise<PveEnvelope> {
    await this.renewIfDue(signal);
    if (this.credentials.mode === 'password' && !this.ticket) {
      await this.serialized(async () => {
        if (!this.ticket) await this.passwordLogin(signal);
      });
    }
    const send = (): Promise<PveEnvelope> =>
      this.transport.send({
        method,
        path,
        headers: this.authHeaders(method),
        ...(params ? { params } : {}),
        ...(signal ? { signal } : {}),
        ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
        ...(opts.raw ? { raw: true } : {}),
      });
    const used = this.ticket;
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof PveReplyError) || err.status !== 401) throw err;
      if (this.credentials.mode === 'token') throw tokenRejected(this.credentials.tokenId);
      if (method !== 'GET' && !err.emptyBody) throw err;
      await this.serialized(async () => {
        if (this.ticket === used) await this.passwordLogin(signal);
      });
      return await send();
    }
  }

  /** GET and validate `data` with `schema`; a mismatch is a protocol error. */
  async get<T extends z.ZodType>(
    path: string,
    schema: T,
    params?: PveParams,
    signal?: AbortSignal,
    opts: { retries?: number } = {},
  ): Promise<{ data: z.output<T>; total?: number }> {
    return this.parse('GET', path, schema, await this.request('GET', path, params, signal, opts));
  }

  /** POST and validate `data`; a reply that does not fit leaves the write in doubt. */
  async post<T extends z.ZodType>(
    path: string,
    schema: T,
    params?: PveParams,
    signal?: AbortSignal,
  ): Promise<z.output<T>> {
    const envelope = await this.request('POST', path, params, signal);
    try {
      return this.parse('POST', path, schema, envelope).data;
    } catch (err) {
      throw err instanceof DeckhandError ? new RequestInDoubt(err) : err;
    }
  }

  private parse<T extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: T,
    envelope: PveEnvelope,
  ): { data: z.output<T>; total?: number } {
    const r = schema.safeParse(envelope.data);
    if (!r.success) {
      const issue = r.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw malformedReply(
        { method, path, hostPort: this.transport.endpoint.hostPort },
        `${issue?.message ?? 'invalid data'}${where}`,
      );
    }
    return envelope.total === undefined
      ? { data: r.data }
      : { data: r.data, total: envelope.total };
  }

  /** Forget the ticket, abort everything in flight and close every socket. */
  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
