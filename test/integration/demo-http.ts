// One HTTPS request to a demo cluster's API, as the demo-* tests make them: the caller sets the
// auth headers; a form or JSON body gets its content type; the reply is read whole.

import { request, type Agent } from 'undici';
import type { DemoCluster } from '../../electron/demo/index';

export interface Reply {
  status: number;
  reason: string;
  text: string;
  json:
    | { data?: unknown; message?: string; errors?: Record<string, string>; total?: number }
    | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export async function demoRequest(
  cluster: DemoCluster,
  agent: Agent,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; form?: Record<string, string>; json?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await request(`${cluster.url}/api2/json${path}`, {
    method: method as 'GET',
    headers,
    body,
    dispatcher: agent,
  });
  const text = await res.body.text();
  let json: Reply['json'];
  try {
    json = text ? (JSON.parse(text) as Reply['json']) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, reason: res.statusText, text, json, headers: res.headers };
}
