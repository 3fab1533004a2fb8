// Live rates from successive status/current samples of one guest. PVE reports `uptime` in whole
// seconds beside live counters, so a rate over one 1 s poll could be off by half; the rate is taken
// over the last few samples instead (still moving every second). A restart (uptime went back, or
// a counter went down) starts over: no negative or huge rate across it.

import { counterRates, type CounterRates, type CounterSample } from '../../../shared/rates';

const COUNTERS = ['netin', 'netout', 'diskread', 'diskwrite'] as const;

export class RateWindow {
  private samples: CounterSample[] = [];
  private last: CounterRates | undefined;

  constructor(private readonly size = 4) {}

  /** Add a sample; the rates now (undefined until two samples of one run are seen). */
  push(sample: CounterSample, running: boolean): CounterRates | undefined {
    if (!running || sample.uptime === undefined) {
      this.reset();
      return undefined;
    }
    const prev = this.samples[this.samples.length - 1];
    if (prev && prev.uptime !== undefined) {
      const restarted =
        sample.uptime < prev.uptime ||
        COUNTERS.some((k) => {
          const a = prev[k];
          const b = sample[k];
          return a !== undefined && b !== undefined && b < a;
        });
      if (restarted) this.reset();
      // Same second: no new stats yet; keep what was shown.
      else if (sample.uptime === prev.uptime) return this.last;
    }
    this.samples.push(sample);
    if (this.samples.length > this.size) this.samples.shift();
    const first = this.samples[0]!;
    this.last = this.samples.length > 1 ? counterRates(first, sample) : undefined;
    return this.last;
  }

  reset(): void {
    this.samples = [];
    this.last = undefined;
  }
}
