// GET /nodes/{node}/certificates/info (pve-manager PVE/API2/Certificates.pm `info`): the node's
// pve-ssl.pem as PVE describes it, with the same SHA-256 fingerprint GET /nodes shows.

import { X509Certificate } from 'node:crypto';
import { str, type Route } from './context';

/** OpenSSL's one-line name form, as PVE prints it: `/CN=pve1.example/O=PVE Cluster Node`. */
function opensslName(name: string): string {
  return name
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `/${l}`)
    .join('');
}

export const certificateRoutes: Route[] = [
  {
    method: 'GET',
    template: '/nodes/{node}/certificates/info',
    auth: true,
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      if (!node.certificatePem) {
        // A node the demo does not serve itself: only what GET /nodes knows.
        return { data: [{ filename: 'pve-ssl.pem', fingerprint: node.fingerprint }] };
      }
      const x = new X509Certificate(node.certificatePem);
      const key = x.publicKey.asymmetricKeyDetails;
      const san = (x.subjectAltName ?? '')
        .split(', ')
        .filter(Boolean)
        .map((e) => e.replace(/^IP Address:/, 'IP:'));
      return {
        data: [
          {
            filename: 'pve-ssl.pem',
            fingerprint: x.fingerprint256,
            subject: opensslName(x.subject),
            issuer: opensslName(x.issuer),
            notbefore: Math.floor(new Date(x.validFrom).getTime() / 1000),
            notafter: Math.floor(new Date(x.validTo).getTime() / 1000),
            'public-key-type':
              x.publicKey.asymmetricKeyType === 'rsa' ? 'rsaEncryption' : 'id-ecPublicKey',
            'public-key-bits': key?.modulusLength ?? 0,
            san,
            pem: node.certificatePem,
          },
        ],
      };
    },
  },
];
