// A second PVE client for end-to-end tests: "another admin" acting on the demo cluster directly.

import { Agent, request } from 'undici';
import type { DemoCluster } from '../../electron/demo';

export interface ApiSession {
  agent: Agent;
  ticket: string;
  csrf: string;
}

export async function apiLogin(demo: DemoCluster): Promise<ApiSession> {
  const agent = new Agent({ connect: { ca: demo.certificatePem } });
  const { username, password } = demo.credentials;
  const res = await request(`${demo.url}/api2/json/access/ticket`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const body = (await res.body.json()) as { data: { ticket: string; CSRFPreventionToken: string } };
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode}`);
  return { agent, ticket: body.data.ticket, csrf: body.data.CSRFPreventionToken };
}

export async function apiPost(demo: DemoCluster, s: ApiSession, path: string): Promise<unknown> {
  const res = await request(`${demo.url}/api2/json${path}`, {
    method: 'POST',
    dispatcher: s.agent,
    headers: {
      cookie: `PVEAuthCookie=${encodeURIComponent(s.ticket)}`,
      csrfpreventiontoken: s.csrf,
    },
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`POST ${path}: ${res.statusCode} ${text}`);
  return (JSON.parse(text) as { data: unknown }).data;
}

export async function apiGet<T = unknown>(
  demo: DemoCluster,
  s: ApiSession,
  path: string,
): Promise<T> {
  const res = await request(`${demo.url}/api2/json${path}`, {
    dispatcher: s.agent,
    headers: { cookie: `PVEAuthCookie=${encodeURIComponent(s.ticket)}` },
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${text}`);
  return (JSON.parse(text) as { data: T }).data;
}

/** A guest as GET /cluster/resources lists it (the fields the tests look at). */
export interface ApiGuest {
  id: string;
  vmid: number;
  name?: string;
  node: string;
  type: 'qemu' | 'lxc';
  status: string;
  tags?: string;
  template?: number;
}

/** The cluster's guests, straight from the API: the truth the UI is compared against. */
export async function apiGuests(demo: DemoCluster): Promise<ApiGuest[]> {
  const s = await apiLogin(demo);
  try {
    const items = await apiGet<Array<ApiGuest & { type: string }>>(
      demo,
      s,
      '/cluster/resources?type=vm',
    );
    return items.filter((r): r is ApiGuest => r.type === 'qemu' || r.type === 'lxc');
  } finally {
    await s.agent.close();
  }
}
