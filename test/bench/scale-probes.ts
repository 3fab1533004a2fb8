// Probes of the scale bench (scale.ts) beyond process.cpuUsage: the main thread's own CPU time and GC,
// and an optional V8 CPU profile of the main thread per mode, to find where the time goes.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

/**
 * CPU time of this process's main thread (the one that serves the UI) so far, ms, from Linux's
 * /proc/self/task/<pid>/stat (10 ms resolution); undefined elsewhere.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), here 11 and 12 after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * With SCALE_CPU_PROFILE=<dir>, a V8 CPU profile of this thread over one mode's periods, written
 * to <dir>/<mode>.cpuprofile (for finding where the time goes; it slows the process a little).
 */
export async function startProfile(): Promise<((mode: string) => Promise<void>) | undefined> {
  const dir = process.env.SCALE_CPU_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async (mode) => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${mode}.cpuprofile`), JSON.stringify(profile));
  };
}

/** The time this thread spends in garbage collection from now until `stop()` (ms). */
export function gcTime(): { stop(): number; longest(): number } {
  let ms = 0;
  let longest = 0;
  const add = (entries: readonly { duration: number }[]) => {
    for (const entry of entries) {
      ms += entry.duration;
      longest = Math.max(longest, entry.duration);
    }
  };
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      add(observer.takeRecords());
      observer.disconnect();
      return ms;
    },
    /** The longest single pause so far (ms). */
    longest: () => longest,
  };
}
