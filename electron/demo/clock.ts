// The simulated clock: wall time plus whatever advanceClock() added. Tickets age, uptimes grow and
// task start times are stamped on this clock, so tests can jump hours without waiting.

export class SimClock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Epoch seconds, as PVE stamps tickets and tasks. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
