// Console proxies (spec §7): termproxy for text consoles, vncproxy for a VM's screen. Each POST
// starts a proxy on the node that received it and answers with a short-lived VNC ticket and a
// port; the websocket must then be opened on that same host, as the same identity.

import { z } from 'zod';
import type { ConsoleTarget } from '../../../shared/model';
import type { PveClient } from './client';

const seg = encodeURIComponent;

const proxyReply = z.object({
  user: z.string().min(1),
  ticket: z.string().min(1),
  port: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  upid: z.string().min(1),
  /** vncproxy since PVE 9.1.9: the VNC password (the ticket starts with it). */
  password: z.string().optional(),
  cert: z.string().optional(),
});

/** RFB VNC authentication keys DES with the password's first 8 bytes (NUL-padded). */
const VNC_PASSWORD_BYTES = 8;

export interface ConsoleProxy {
  /** authid the proxy belongs to (token id for tokens): the termproxy auth line names it. */
  user: string;
  ticket: string;
  port: number;
  upid: string;
  /** VNC only: what RFB authentication uses: the password, or on older servers the ticket's
   * first 8 bytes (the rest of the ticket never leaves core). */
  vncPassword?: string;
}

/** `/nodes/{node}` or `/nodes/{node}/{qemu|lxc}/{vmid}` for a target. */
function consoleBasePath(target: ConsoleTarget): string {
  const node = `/nodes/${seg(target.node)}`;
  switch (target.kind) {
    case 'shell':
      return node;
    case 'lxc':
      return `${node}/lxc/${String(target.vmid)}`;
    case 'serial':
    case 'vnc':
      return `${node}/qemu/${String(target.vmid)}`;
  }
}

export async function createConsoleProxy(
  client: PveClient,
  target: ConsoleTarget,
  signal?: AbortSignal,
): Promise<ConsoleProxy> {
  const base = consoleBasePath(target);
  if (target.kind === 'vnc') {
    const r = await client.post(`${base}/vncproxy`, proxyReply, { websocket: 1 }, signal);
    return {
      user: r.user,
      ticket: r.ticket,
      port: r.port,
      upid: r.upid,
      // Before 9.1.9 the ticket itself is the password. RFB's VNC authentication DES-encrypts with
      // an 8-byte key, so only the first 8 bytes ever count (QEMU and vncterm ignore the rest):
      // the window gets those and never the ticket.
      vncPassword: (r.password ?? r.ticket).slice(0, VNC_PASSWORD_BYTES),
    };
  }
  const r = await client.post(`${base}/termproxy`, proxyReply, undefined, signal);
  return { user: r.user, ticket: r.ticket, port: r.port, upid: r.upid };
}

/** The websocket path (below the server's base URL) for a proxy. */
export function consoleSocketPath(target: ConsoleTarget, proxy: ConsoleProxy): string {
  const query = new URLSearchParams({ port: String(proxy.port), vncticket: proxy.ticket });
  return `/api2/json${consoleBasePath(target)}/vncwebsocket?${query.toString()}`;
}
