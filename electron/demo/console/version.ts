// The simulated pve-manager version and the console behaviour that changed with it (spec §1, §7).
// Dates and sources are in the comments of each threshold.

/** What GET /version reports unless the demo is told otherwise. */
export const DEFAULT_PVE_VERSION = '9.1.9';

/** `9.1.9` → [9, 1, 9]; anything that is not dotted digits is refused early, at start. */
export function parseVersion(v: string): number[] {
  if (!/^\d+(\.\d+){1,3}$/.test(v)) {
    throw new Error(`version '${v}' is not a PVE version such as 9.1.9`);
  }
  return v.split('.').map(Number);
}

function versionAtLeast(version: string, min: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

export interface ConsoleFeatures {
  /**
   * Node termproxy/vncwebsocket accept API tokens (shell is /bin/login) and termproxy verifies
   * through /access/vncticket: pve-manager 9.0.13, commit 49395b74 "api: termproxy/vncwebsocket:
   * allow tokens" (Nov 2025). Before, verify_username() refused token ids with a 500.
   */
  nodeShellTokens: boolean;
  /**
   * VNC tickets carry the port, guest termproxy verifies via /access/vncticket with the port (so
   * tokens work), vncproxy always generates a password: qemu-server c9ee34b5 and 282ec11d,
   * pve-container alike (Apr 2026), shipped with PVE 9.1.9.
   */
  portBoundTickets: boolean;
}

export function consoleFeatures(version: string): ConsoleFeatures {
  return {
    nodeShellTokens: versionAtLeast(version, '9.0.13'),
    portBoundTickets: versionAtLeast(version, '9.1.9'),
  };
}
