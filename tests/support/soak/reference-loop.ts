import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * This process's own event-loop delay, second by second: the yardstick for the host's. On a shared machine both
 * processes wait for a core alike, so only the host's delay beyond this one is the host's own doing.
 */
export class ReferenceLoop {
  private histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private readonly seconds: Array<{ at: number; p99Ms: number }> = [];
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.histogram.enable();
    this.timer = setInterval(() => {
      const p99 = this.histogram.count > 0 ? Math.max(0, this.histogram.percentile(99) / 1e6 - 5) : 0;
      this.seconds.push({ at: Date.now(), p99Ms: p99 });
      if (this.seconds.length > 600) this.seconds.shift();
      this.histogram.reset();
    }, 1000);
    this.timer.unref();
  }

  /** The worst one-second p99 of this process over the window ending at `at`. */
  worstBefore(at: number, windowMs = 10_000): number {
    let worst = 0;
    for (const s of this.seconds) if (s.at <= at + 1000 && s.at > at - windowMs) worst = Math.max(worst, s.p99Ms);
    return worst;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.histogram.disable();
  }
}
