// Flow control of one console: bytes sent to the window and not yet acknowledged. Above the high
// water mark the PVE socket is paused (the kernel then holds PVE back); below the low one it reads
// again. The window acknowledges from xterm's write callback, so a slow window slows the source.

/** Pause the PVE socket above this many unacknowledged bytes, resume below LOW. */
export const HIGH_WATER_BYTES = 256 * 1024;
const LOW_WATER_BYTES = 64 * 1024;

/** The socket being held back, if there is one now. */
export interface Valve {
  readonly paused: boolean;
  pause(): void;
  resume(): void;
}

export class FlowControl {
  private unacked = 0;

  constructor(private readonly valve: () => Valve | undefined) {}

  /** Count from `bytes` again: a new connection (0), or a new window given the replay. */
  restart(bytes: number): void {
    this.unacked = bytes;
    this.resumeIfLow();
  }

  delivered(bytes: number): void {
    this.unacked += bytes;
    const valve = this.valve();
    if (valve && !valve.paused && this.unacked > HIGH_WATER_BYTES) valve.pause();
  }

  acked(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    this.resumeIfLow();
  }

  private resumeIfLow(): void {
    const valve = this.valve();
    if (valve?.paused && this.unacked < LOW_WATER_BYTES) valve.resume();
  }
}
