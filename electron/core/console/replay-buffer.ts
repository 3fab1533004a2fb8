// The recent output of a terminal, kept for a window that takes the console over (pop-out), so
// it shows the screen as it was rather than a blank one.

/** Terminal output kept (bytes). */
const REPLAY_BYTES = 1024 * 1024;

export class ReplayBuffer {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly limit = REPLAY_BYTES) {}

  get size(): number {
    return this.bytes;
  }

  remember(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes > this.limit && this.chunks.length > 1) {
      this.bytes -= this.chunks.shift()?.length ?? 0;
    }
  }

  contents(): Buffer[] {
    return [...this.chunks];
  }
}
