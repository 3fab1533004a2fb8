// Why a guest's task failed, in PVE's words. Most workers end with the reason as their exit
// status; a migration ends with a bare "migration aborted" (or "migration problems") and puts the
// reason on an ERROR line of its log (pve-guest-common's AbstractMigrate), so that line is read.

const BARE_ENDINGS = /^migration (aborted|problems)$/;

/** Whether the exit status alone does not say why (the log does). */
export function reasonIsInLog(exitstatus: string | undefined): boolean {
  return exitstatus !== undefined && BARE_ENDINGS.test(exitstatus);
}

/**
 * The last ERROR line's text (without its time stamp; not the closing `TASK ERROR:` line, which
 * repeats the exit status), else the exit status as it is.
 */
export function reasonFromLog(exitstatus: string, lines: readonly string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (line.startsWith('TASK ')) continue;
    const m = /\bERROR: (.+)$/.exec(line);
    if (m?.[1]) return m[1];
  }
  return exitstatus;
}
