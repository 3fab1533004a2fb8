// The application log (electron/core/log): what it never writes (every kind of secret core could
// meet, redacted), its line format and levels, and size-capped rotation over a few files.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLog, redact } from '../../electron/core';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'deckhand-log-'));
  dirs.push(d);
  return d;
}

describe('redact', () => {
  const SECRET_UUID = '3f2b8c1e-9d4a-4e6f-8b7c-0a1d2e3f4a5b';
  const TICKET = 'PVE:root@pam:6750A1B2::c2lnbmF0dXJlK3NpZ25hdHVyZS9zaWduYXR1cmU9PQ==';
  const CSRF = '6750A1B2:Zm9vYmFyYmF6cXV4';

  it('masks tickets, token secrets, passwords, CSRF tokens, auth headers and URL credentials', () => {
    expect(redact(`ticket ${TICKET} expired`)).toBe('ticket PVE:<redacted> expired');
    expect(redact('vnc PVEVNC:6750A1B2::abc/def+g== ok')).toBe('vnc PVE:<redacted> ok');
    expect(redact(`Authorization: PVEAPIToken=root@pam!deckhand=${SECRET_UUID}`)).toBe(
      'Authorization: <redacted>',
    );
    expect(redact(`sent PVEAPIToken=root@pam!deckhand=${SECRET_UUID} to pve1`)).toBe(
      'sent PVEAPIToken=<redacted> to pve1',
    );
    expect(redact(`Cookie: PVEAuthCookie=${TICKET}`)).toBe('Cookie: <redacted>');
    expect(redact(`set PVEAuthCookie=${encodeURIComponent(TICKET)}; Secure`)).toBe(
      'set PVEAuthCookie=<redacted>; Secure',
    );
    expect(redact(`CSRFPreventionToken: ${CSRF}`)).toBe('CSRFPreventionToken: <redacted>');
    expect(redact(`{"CSRFPreventionToken":"${CSRF}","ticket":"x"}`)).toBe(
      '{"CSRFPreventionToken":"<redacted>","ticket":"<redacted>"}',
    );
    expect(redact('POST username=root@pam&password=hunter2&realm=pam')).toBe(
      'POST username=root@pam&password=<redacted>&realm=pam',
    );
    expect(redact('{"password": "hunter 2", "secret":"s3"}')).toBe(
      '{"password": "<redacted>", "secret":"<redacted>"}',
    );
    expect(redact('GET https://root:hunter2@pve1:8006/api2/json')).toBe(
      'GET https://<redacted>@pve1:8006/api2/json',
    );
    expect(redact(`token secret ${SECRET_UUID} refused`)).toBe('token secret <redacted> refused');
  });

  it('keeps what a bug report needs', () => {
    const id = '9de5860d-a503-442e-a2ef-4ea13c4087e9';
    for (const text of [
      `Profile ${id}: Wrong credentials for root@pam`,
      `Connected profile ${id} as root@pam (PVE 9.1.9)`,
      'Task UPID:pve1:0000A1B2:00C0FFEE:6750A1B2:qmstart:101:root@pam: status poll failed',
      `Profile ${id} has no stored secret; not connecting it`,
    ])
      expect(redact(text)).toBe(text);
  });
});

describe('FileLog', () => {
  it('writes one timestamped line per message at or above its level, redacted', async () => {
    const dir = tempDir();
    const log = new FileLog({ dir, level: 'info', now: () => Date.UTC(2026, 11, 1, 9, 30) });
    log.log('debug', 'not written');
    log.log('info', 'Deckhand started');
    log.log('warn', 'login failed: password=hunter2\nsecond line');
    log.log('error', 'boom');
    await log.dispose();
    log.log('error', 'after dispose: dropped');
    expect(readFileSync(path.join(dir, 'deckhand.log'), 'utf8')).toBe(
      [
        '2026-12-01T09:30:00.000Z INFO  Deckhand started',
        '2026-12-01T09:30:00.000Z WARN  login failed: password=<redacted>',
        '    second line',
        '2026-12-01T09:30:00.000Z ERROR boom',
        '',
      ].join('\n'),
    );
  });

  it('rotates by size and keeps only a few files', async () => {
    const dir = tempDir();
    const log = new FileLog({ dir, maxBytes: 200, maxFiles: 3, now: () => 0 });
    for (let i = 0; i < 40; i++)
      log.log('info', `line ${String(i).padStart(2, '0')} ${'x'.repeat(40)}`);
    await log.dispose();
    expect(readdirSync(dir).sort()).toEqual(['deckhand.1.log', 'deckhand.2.log', 'deckhand.log']);
    const sizes = ['deckhand.log', 'deckhand.1.log', 'deckhand.2.log'].map(
      (f) => readFileSync(path.join(dir, f)).length,
    );
    for (const size of sizes) expect(size).toBeLessThanOrEqual(200);
    // The newest line is in deckhand.log, older ones moved up; the oldest were dropped.
    expect(readFileSync(path.join(dir, 'deckhand.log'), 'utf8')).toContain('line 39');
    expect(readFileSync(path.join(dir, 'deckhand.1.log'), 'utf8')).not.toContain('line 39');
    const all = ['deckhand.2.log', 'deckhand.1.log', 'deckhand.log']
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('');
    expect(all).not.toContain('line 00');
    const numbers = all
      .trimEnd()
      .split('\n')
      .map((l) => Number(/line (\d+)/.exec(l)?.[1]));
    // In order, none lost between the kept files, ending with the newest.
    expect(numbers).toEqual(numbers.map((_, k) => 40 - numbers.length + k));
  });

  it('reports a log it cannot write once, and never throws into the caller', async () => {
    const dir = path.join(tempDir(), 'file-not-dir');
    writeFileSync(dir, 'in the way');
    const errors: unknown[] = [];
    const log = new FileLog({ dir, onError: (e) => errors.push(e) });
    expect(() => log.log('warn', 'one')).not.toThrow();
    log.log('warn', 'two');
    await log.dispose();
    expect(errors).toHaveLength(1);
  });
});
