// Certificate trust: the system CAs first; a certificate they reject is accepted only when its
// SHA-256 fingerprint equals the one the user approved for this profile. Verification is never
// simply switched off: the check runs on every new connection, before any request byte is sent.

import net from 'node:net';
import tls from 'node:tls';
import { buildConnector } from 'undici';
import { DeckhandError } from '../../../shared/errors';
import type { CertificateInfo } from '../../../shared/model';
import { describeTrustError } from './errors';
import type { PveEndpoint } from '../../../shared/server-url';

/** Normalise a fingerprint to PVE's form: colon hex, upper case. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

/**
 * Decide whether a TLS connection may carry requests. Returns the error that refuses it, or
 * undefined when the system CAs trust it or the pinned fingerprint matches.
 */
export function checkPeer(
  socket: tls.TLSSocket,
  pin: string | undefined,
  address: string,
  /** The cluster node behind `address`, when it is not the profile's own server. */
  node?: string,
): DeckhandError | undefined {
  if (socket.authorized) return undefined;
  const hostPort = node ? `${node} (${address})` : address;
  const named = node ? { node } : {};
  const presented = socket.getPeerCertificate().fingerprint256;
  if (!presented) {
    return new DeckhandError({
      kind: 'tls',
      message: `${hostPort} presented no certificate`,
      ...named,
    });
  }
  const now = normalizeFingerprint(presented);
  if (!pin) {
    const why = describeTrustError(String(socket.authorizationError ?? 'UNTRUSTED'));
    return new DeckhandError({
      kind: 'tls',
      message: `The certificate of ${hostPort} is not trusted (${why}). Check and approve its fingerprint ${now} to connect.`,
      fingerprint: now,
      ...named,
    });
  }
  const pinned = normalizeFingerprint(pin);
  if (pinned === now) return undefined;
  return new DeckhandError({
    kind: 'tls',
    message: `The certificate of ${hostPort} changed. Pinned ${pinned}, now ${now} — re-approve only if you expect this.`,
    fingerprint: now,
    expectedFingerprint: pinned,
    ...named,
  });
}

/**
 * An undici connector that verifies as above. Chain and host name are still checked by Node
 * (`socket.authorized`); `rejectUnauthorized: false` only defers the verdict to `checkPeer`, which
 * runs in the secureConnect callback, before undici writes anything on the socket. TLS session
 * resumption is off so that every connection shows its full certificate to the check.
 */
export function pinnedConnector(
  endpoint: PveEndpoint,
  pin: string | undefined,
  connectTimeoutMs: number,
  node?: string,
): buildConnector.connector {
  const connect = buildConnector({
    rejectUnauthorized: false,
    maxCachedSessions: 0,
    timeout: connectTimeoutMs,
  });
  return (options, callback) => {
    connect(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error('connection failed'), null);
        return;
      }
      const refusal = checkPeer(socket as tls.TLSSocket, pin, endpoint.hostPort, node);
      if (refusal) {
        socket.destroy();
        callback(refusal, null);
        return;
      }
      callback(null, socket);
    });
  };
}

function formatName(name: Record<string, string | string[]> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function isoDate(openssl: string): string {
  const d = new Date(openssl);
  return Number.isNaN(d.getTime()) ? openssl : d.toISOString();
}

/**
 * TLS options for a connection whose verdict `checkPeer` gives once the handshake is done (Node
 * still verifies chain and name, into `socket.authorized`).
 */
export function deferredVerdictOptions(endpoint: PveEndpoint): tls.ConnectionOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    // SNI must not carry an IP address.
    ...(net.isIP(endpoint.host) ? {} : { servername: endpoint.host }),
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  };
}

/**
 * Read the server's certificate with a bare TLS handshake: no HTTP is sent, so nothing (not even a
 * request line) reaches a server the user has not approved yet.
 */
export function probeCertificate(
  endpoint: PveEndpoint,
  timeoutMs = 10_000,
): Promise<CertificateInfo> {
  const hostPort = endpoint.hostPort;
  return new Promise((resolve, reject) => {
    const socket = tls.connect(deferredVerdictOptions(endpoint));
    // Exactly one outcome; later events (an error after destroy) are ignored, never unhandled.
    let settled = false;
    const fail = (err: DeckhandError): void => {
      socket.destroy();
      if (settled) return;
      settled = true;
      reject(err);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new DeckhandError({ kind: 'timeout', message: `${hostPort} did not answer in time` })),
    );
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      const text =
        code === 'ECONNREFUSED'
          ? 'connection refused'
          : code === 'ENOTFOUND'
            ? 'host name not found'
            : err.message;
      const kind = code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') ? 'tls' : 'network';
      fail(
        new DeckhandError({ kind, message: `Cannot reach ${hostPort}: ${text}` }, { cause: err }),
      );
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert || !cert.fingerprint256) {
        fail(new DeckhandError({ kind: 'tls', message: `${hostPort} presented no certificate` }));
        return;
      }
      const info: CertificateInfo = {
        fingerprint: normalizeFingerprint(cert.fingerprint256),
        subject: formatName(cert.subject as unknown as Record<string, string | string[]>),
        issuer: formatName(cert.issuer as unknown as Record<string, string | string[]>),
        validFrom: isoDate(cert.valid_from),
        validTo: isoDate(cert.valid_to),
        trusted: socket.authorized,
      };
      if (!socket.authorized) {
        info.trustError = describeTrustError(String(socket.authorizationError ?? 'UNTRUSTED'));
      }
      socket.destroy();
      settled = true;
      resolve(info);
    });
  });
}
