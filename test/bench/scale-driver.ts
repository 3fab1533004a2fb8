// The scale bench's clock (scale.ts): the tick period, the modes, and the driver that moves the
// demo clusters once per period by mode and marks the periods' boundaries for the probes.

import type { ScaleDemos } from './scale-demos';

export const TICK_MS = 3000;
export type Mode = 'live' | 'churn' | 'idle';

export const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** Moves the clusters once per tick period, by mode; marks tick boundaries for the probes. */
export class Driver {
  mode: Mode = 'live';
  private n = 0;
  private readonly timer: NodeJS.Timeout;
  readonly onTick: (() => void)[] = [];

  constructor(
    private readonly demos: ScaleDemos,
    private readonly churnSets: readonly (readonly number[])[],
  ) {
    this.timer = setInterval(() => void this.fire(), TICK_MS);
  }

  private async fire(): Promise<void> {
    this.n++;
    for (const fn of this.onTick) fn();
    if (this.mode === 'live') await this.demos.advance(TICK_MS / 1000);
    else if (this.mode === 'churn') {
      const n = this.n;
      const pick = this.churnSets.map((vmids) => {
        const want = Math.max(1, Math.round(vmids.length / 100));
        const stride = Math.floor(vmids.length / want);
        return Array.from({ length: want }, (_, i) => vmids[(i * stride + n) % vmids.length]!);
      });
      await this.demos.churn(pick, `churn-${n}`);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
