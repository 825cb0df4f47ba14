/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (pipes and CI logs stay clean).
 * Redraws at most every 100 ms of work (counted in calls, not by the clock, so it never needs a timer).
 */
export class ProgressBar {
  private lastPercent = -1;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true;
  }

  update(done: number, total: number): void {
    if (!this.tty || total <= 0) return;
    const percent = Math.min(100, Math.floor((done / total) * 100));
    if (percent === this.lastPercent) return;
    this.lastPercent = percent;
    const width = 30;
    const full = Math.round((percent / 100) * width);
    this.stream.write(`\r${this.label} [${'#'.repeat(full)}${' '.repeat(width - full)}] ${String(percent).padStart(3)}%`);
  }

  done(): void {
    if (this.tty && this.lastPercent >= 0) this.stream.write('\n');
  }
}
