// The VNC password a window gets: only what RFB's VNC authentication uses (8 bytes), never the
// ticket, on servers before 9.1.9 (where the ticket is the password) and since (a separate
// password); and with it the window still authenticates to the VM's screen through core's relay.

import { describe, expect, it } from 'vitest';
import { vncResponse } from '../../electron/demo/console/vnc-auth';
import { Window, guests, pick, setup, targetOf, useConsoleCleanup } from './console-kit';
import { waitFor } from './helpers';

useConsoleCleanup();

/** Read the relayed RFB bytes as a client does: `n` more bytes after the first `from`. */
function bytes(w: Window, id: string, from: number, n: number): Promise<Buffer> {
  return waitFor(`${from + n} RFB bytes`, () => {
    const all = Buffer.concat(w.bytes.get(id) ?? []);
    return all.length >= from + n ? all.subarray(from, from + n) : undefined;
  });
}

describe('the VNC password a window receives', () => {
  for (const version of ['9.1.2', '9.1.9']) {
    it(`is at most 8 characters and authenticates the VM screen (PVE ${version})`, async () => {
      const { core } = await setup({ version, vncBackend: 'builtin' });
      const profile = await core.handlers['profiles.addDemo']();
      const vm = pick(await guests(core, profile), 'qemu', 'running');
      const w = new Window(core);
      const { consoleId: id } = await core.handlers['console.open'](
        targetOf(profile, vm, 'vnc'),
        w.ctx,
      );
      const up = await w.status(id, 'connected');
      const password = up.vncPassword ?? '';
      expect(password.length).toBeGreaterThan(0);
      expect(password.length).toBeLessThanOrEqual(8);
      // Before 9.1.9 these are the ticket's first 8 bytes ("PVEVNC:…"); the rest stays in core.
      for (const e of w.events) expect((e.vncPassword ?? '').length).toBeLessThanOrEqual(8);

      // RFB 3.8 with VNC authentication, as noVNC does it, through the relay.
      expect((await bytes(w, id, 0, 12)).toString('latin1')).toBe('RFB 003.008\n');
      w.connection.write(id, Buffer.from('RFB 003.008\n'));
      const count = (await bytes(w, id, 12, 1))[0]!;
      const types = [...(await bytes(w, id, 13, count))];
      expect(types).toContain(2);
      w.connection.write(id, Buffer.from([2]));
      const challenge = Buffer.from(await bytes(w, id, 13 + count, 16));
      w.connection.write(id, vncResponse(password, challenge));
      expect((await bytes(w, id, 29 + count, 4)).readUInt32BE(0)).toBe(0); // SecurityResult OK
    });
  }
});
