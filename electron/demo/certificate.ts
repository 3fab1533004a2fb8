// A fresh self-signed certificate per start (and per rotateCertificate), as a PVE node's
// pve-ssl.pem: RSA 2048, SHA-256, valid for 127.0.0.1 and localhost so clients can verify it with
// the PEM as their CA or pin its fingerprint.

import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface DemoCertificate {
  key: string;
  cert: string;
  /** SHA-256, colon hex upper case, as PVE shows `ssl_fingerprint`. */
  fingerprint: string;
}

export async function createCertificate(
  nodeName: string,
  ip = '127.0.0.1',
): Promise<DemoCertificate> {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + 2 * 365 * 24 * 3600 * 1000);
  const pems = await generate(
    [
      { name: 'commonName', value: `${nodeName}.demo.deckhand.invalid` },
      { name: 'organizationName', value: 'PVE Cluster Node' },
      { shortName: 'OU', value: 'Deckhand demo cluster' },
    ],
    {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: notBefore,
      notAfterDate: notAfter,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7 as const, ip },
            ...(ip === '127.0.0.1' ? [] : [{ type: 7 as const, ip: '127.0.0.1' }]),
            { type: 2 as const, value: 'localhost' },
            { type: 2 as const, value: nodeName },
          ],
        },
      ],
    },
  );
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint: new X509Certificate(pems.cert).fingerprint256,
  };
}
