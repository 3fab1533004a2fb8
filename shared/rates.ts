// Live throughput from PVE's cumulative counters. /cluster/resources carries only totals since the
// guest started (netin/netout/diskread/diskwrite); a rate is the difference of two samples over
// the time between them (pve-protocols §5). The guest's own `uptime` is the clock: it comes from
// the same stats update as the counters, so delivery delays cannot distort the rate.

export interface CounterSample {
  /** seconds since the guest started */
  uptime?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
}

/** Bytes per second; a field is absent when it cannot be known. */
export interface CounterRates {
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
}

const COUNTERS = ['netin', 'netout', 'diskread', 'diskwrite'] as const;

/**
 * Rates between two samples of one guest, or undefined when they do not span a stats update
 * (same uptime) or the guest restarted in between (uptime went back; counters restart at 0).
 */
export function counterRates(prev: CounterSample, next: CounterSample): CounterRates | undefined {
  if (prev.uptime === undefined || next.uptime === undefined) return undefined;
  const dt = next.uptime - prev.uptime;
  if (dt <= 0) return undefined;
  const rates: CounterRates = {};
  for (const key of COUNTERS) {
    const a = prev[key];
    const b = next[key];
    // A counter that went down was reset (restart, migration); that interval has no rate.
    if (a !== undefined && b !== undefined && b >= a) rates[key] = (b - a) / dt;
  }
  return rates;
}
