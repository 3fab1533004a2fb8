// The application log with a real core against the demo cluster: a saved profile whose login fails
// leaves its warning in the log file, and neither its password nor a token secret is in it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLog, passwordKey, tokenKey, type Core } from '../../electron/core';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/store/memory';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import type { ProfileInfo } from '../../shared/model';
import { createTestCore } from '../kit/core';
import { DEMO_OPTIONS, waitFor } from './helpers';

let demo: DemoCluster | undefined;
let core: Core | undefined;
let log: FileLog | undefined;
let dir: string | undefined;

afterEach(async () => {
  await core?.dispose();
  await log?.dispose();
  await demo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  demo = core = log = dir = undefined;
});

describe('the application log', () => {
  it('keeps the warning of a failed login, never the password or token secret', async () => {
    demo = await startDemoCluster(DEMO_OPTIONS);
    dir = mkdtempSync(path.join(os.tmpdir(), 'deckhand-log-'));
    log = new FileLog({ dir, level: 'debug' });
    const WRONG_PASSWORD = 'hunter2-Wr0ng!pass';
    const WRONG_SECRET = '0b7d3c2a-5e4f-4a1b-9c8d-7e6f5a4b3c2d';
    const base = { url: demo.url, realm: 'pam', fingerprint: demo.fingerprint, isDemo: false };
    const profiles: ProfileInfo[] = [
      { ...base, id: 'lab', name: 'lab', authMode: 'password', username: 'root' },
      { ...base, id: 'tok', name: 'tok', authMode: 'token', username: 'root@pam!deckhand' },
    ];
    const secrets = new MemorySecretStore();
    await secrets.set(passwordKey('lab'), WRONG_PASSWORD);
    await secrets.set(tokenKey('tok'), WRONG_SECRET);
    ({ core } = await createTestCore({
      settings: new MemorySettingsStore(profiles),
      secrets,
      log: log.log,
    }));

    const file = path.join(dir, 'deckhand.log');
    const read = () => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    };
    const warning = (id: string) => new RegExp(`^\\S+ WARN  Profile ${id}: .+$`, 'm');
    await waitFor('both login failures in the log', () =>
      warning('lab').test(read()) && warning('tok').test(read()) ? true : undefined,
    );
    const state = await core.handlers['session.state']({ profileId: 'lab' });
    expect(state.status).toBe('offline');
    // The line says what the session told the user.
    expect(read()).toMatch(new RegExp(`WARN  Profile lab: .*${escape(state.reason ?? '?')}`));

    await core.dispose();
    core = undefined;
    await log.dispose();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(WRONG_PASSWORD);
    expect(text).not.toContain(WRONG_SECRET);
    expect(text).not.toContain(demo.credentials.password);
    expect(text).not.toContain(demo.credentials.token.secret);
    expect(text).not.toMatch(/PVE(VNC)?:[^<]/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
