/** What a progress bar needs of a stream: process.stdout and process.stderr fit. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Least time between two redraws (default 100 ms); the final state always draws. */
  intervalMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

const WIDTH = 30;

/**
 * A one-line progress bar for long commands (import, export, and any other that counts work). It draws only
 * when its stream is a terminal, so pipes, files and CI logs get no control characters, and redraws at most
 * every `intervalMs`, so a loop may call update() per row without paying for a write per row.
 */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly tty: boolean;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private lastLine = '';

  constructor(
    private readonly label: string,
    options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stdout;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.tty = this.stream.isTTY === true;
  }

  update(done: number, total: number): void {
    if (!this.tty) return;
    const now = this.now();
    if (done < total && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const line = this.render(done, total);
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.drawn = true;
    // \r back to the line start, ESC[K clears what a longer previous line left behind.
    this.stream.write(`\r${line}\x1b[K`);
  }

  /** Ends the bar's line (a later message starts on a fresh one). */
  done(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private render(done: number, total: number): string {
    const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
    const full = Math.round(share * WIDTH);
    const percent = String(Math.floor(share * 100)).padStart(3);
    const counts = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    const line = `${this.label} [${'#'.repeat(full)}${'-'.repeat(WIDTH - full)}] ${percent}% ${counts}`;
    const columns = this.stream.columns;
    return columns !== undefined && columns > 0 && line.length >= columns ? line.slice(0, columns - 1) : line;
  }
}
