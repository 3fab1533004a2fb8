// GET /cluster/resources as plain text, outside the core: the reply the session's tick parses. TLS is
// verified against the demo's certificate (its SAN covers 127.0.0.1); auth is the demo's API token.

import https from 'node:https';
import type { DemoInfo } from './demo-process';

export interface RawFetcher {
  resources(): Promise<string>;
  close(): void;
}

export function rawFetcher(info: DemoInfo): RawFetcher {
  const agent = new https.Agent({ ca: info.certificatePem, keepAlive: true, maxSockets: 1 });
  const url = new URL('/api2/json/cluster/resources', info.url);
  const headers = { authorization: `PVEAPIToken=${info.tokenId}=${info.tokenSecret}` };
  return {
    resources: () =>
      new Promise<string>((resolve, reject) => {
        const req = https.get(url, { agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) resolve(text);
            else reject(new Error(`GET ${url.pathname}: ${res.statusCode} ${text.slice(0, 200)}`));
          });
        });
        req.on('error', reject);
      }),
    close: () => agent.destroy(),
  };
}
