// What the demo console tests share: one demo cluster per test (closed after it, with its
// console sockets and HTTP agent), and helpers to log in, find guests, open proxies and read tasks.

import { Agent } from 'undici';
import { afterEach, expect, vi } from 'vitest';
import {
  startDemoCluster,
  type DemoCluster,
  type DemoClusterOptions,
} from '../../electron/demo/index';
import { demoRequest } from './demo-http';
import {
  authHeaders,
  ConsoleSocket,
  createProxy,
  loginAs,
  websocketUrl,
  type Auth,
  type ProxyReply,
} from './demo-ws';

export interface Resource {
  id: string;
  type: string;
  node: string;
  vmid?: number;
  name?: string;
  status: string;
  template?: number;
}

export let demo: DemoCluster | undefined;
export let agent: Agent | undefined;
const sockets: ConsoleSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await agent?.close();
  await demo?.close();
  demo = undefined;
  agent = undefined;
});

export async function start(
  opts: DemoClusterOptions = {},
): Promise<{ d: DemoCluster; root: Auth }> {
  demo = await startDemoCluster({ taskTimeScale: 0.05, statsIntervalMs: 3_600_000, ...opts });
  agent = new Agent({ connect: { ca: demo.certificatePem }, keepAliveTimeout: 4000 });
  const root = await loginAs(demo, agent, demo.credentials.username, demo.credentials.password);
  return { d: demo, root };
}

export async function get(path: string, auth: Auth): Promise<unknown> {
  const r = await demoRequest(demo!, agent!, 'GET', path, { headers: authHeaders(auth, false) });
  expect(r.status, `${path}: ${r.reason}`).toBe(200);
  return r.json!.data;
}

export async function guest(root: Auth, match: (r: Resource) => boolean): Promise<Resource> {
  const list = (await get('/cluster/resources?type=vm', root)) as Resource[];
  const g = list.find((r) => !r.template && match(r));
  if (!g) throw new Error('no such guest in the demo cluster');
  return g;
}

export function open(base: string, p: ProxyReply, auth: Auth, protocol?: string): ConsoleSocket {
  const s = new ConsoleSocket(websocketUrl(demo!, base, p.port, p.ticket), demo!, auth, protocol);
  sockets.push(s);
  return s;
}

export async function taskStatus(upid: string, auth: Auth): Promise<Record<string, unknown>> {
  const node = upid.split(':')[1]!;
  return (await get(`/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`, auth)) as Record<
    string,
    unknown
  >;
}

export async function taskEnd(upid: string, auth: Auth): Promise<Record<string, unknown>> {
  return vi.waitFor(
    async () => {
      const s = await taskStatus(upid, auth);
      if (s.status !== 'stopped') throw new Error(`task ${upid} still running`);
      return s;
    },
    { timeout: 15_000, interval: 50 },
  );
}

export async function taskLog(upid: string, auth: Auth): Promise<string[]> {
  const node = upid.split(':')[1]!;
  const data = (await get(
    `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log?limit=0`,
    auth,
  )) as Array<{ t: string }>;
  return data.map((l) => l.t);
}

/** Open a node shell as root and get past `OK`. */
export async function rootShell(root: Auth): Promise<{ sock: ConsoleSocket; proxy: ProxyReply }> {
  const { proxy } = await createProxy(demo!, agent!, root, '/nodes/pve1/termproxy');
  const sock = open('/nodes/pve1', proxy, root);
  await sock.opened;
  sock.send(`${proxy.user}:${proxy.ticket}\n`);
  await sock.waitForText(/^OK/);
  await sock.waitForText('root@pve1:');
  return { sock, proxy };
}
