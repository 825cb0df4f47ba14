import { createHistogram, monitorEventLoopDelay, type IntervalHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { LoopDelayStats } from '../../src-shared/ipc/schemas.js';
import { healthOf, type Service } from './service.js';

const NS_PER_MS = 1e6;
const WINDOW_SECONDS = 10;
/** Above this p99 the main loop is too slow for a responsive GUI and the service reports degraded. */
const DEGRADED_P99_MS = 100;

/**
 * perf_hooks records the whole interval between its timer's wake-ups, so the timer's own period is taken off
 * to get the delay: what a callback queued now would wait beyond its due time.
 */
export function statsOf(histogram: RecordableHistogram | IntervalHistogram, resolutionMs: number): LoopDelayStats {
  const samples = histogram.count;
  if (samples === 0) return { samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
  const delay = (ns: number): number => Math.max(0, ns / NS_PER_MS - resolutionMs);
  return {
    samples,
    p50Ms: delay(histogram.percentile(50)),
    p99Ms: delay(histogram.percentile(99)),
    maxMs: delay(histogram.max),
    meanMs: delay(histogram.mean),
  };
}

/**
 * Event-loop delay of main from perf_hooks over a sliding window. perf_hooks cannot merge its loop histograms,
 * so two monitors run staggered by half a window, each reset once a window; the older one is reported, which
 * covers between half a window and a whole window of the most recent time.
 */
export class LoopMonitor implements Service {
  readonly name = 'event-loop';
  private monitors: IntervalHistogram[] = [];
  private timers: NodeJS.Timeout[] = [];
  private older = 0;

  constructor(
    private readonly resolutionMs = 5,
    private readonly windowMs = WINDOW_SECONDS * 1000,
  ) {}

  start(): void {
    this.monitors = [0, 1].map(() => monitorEventLoopDelay({ resolution: this.resolutionMs }));
    this.monitors[0]!.enable();
    const half = this.windowMs / 2;
    this.older = 0;
    const stagger = setTimeout(() => {
      this.monitors[1]?.enable();
      const rolling = setInterval(() => this.roll(), half);
      rolling.unref();
      this.timers.push(rolling);
    }, half);
    stagger.unref();
    this.timers.push(stagger);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    for (const monitor of this.monitors) monitor.disable();
    this.monitors = [];
  }

  stats(): LoopDelayStats {
    const monitor = this.monitors[this.older];
    return statsOf(monitor ?? createHistogram(), this.resolutionMs);
  }

  health() {
    const stats = this.stats();
    const detail = `p50 ${stats.p50Ms.toFixed(2)} ms, p99 ${stats.p99Ms.toFixed(2)} ms (${stats.samples} samples)`;
    return healthOf(this.name, stats.p99Ms > DEGRADED_P99_MS ? 'degraded' : 'ok', detail);
  }

  /** The older monitor has now seen a whole window: restart it, and the other one becomes the older. */
  private roll(): void {
    const [first, second] = this.monitors;
    if (!first || !second) return;
    this.monitors[this.older]!.reset();
    this.older = 1 - this.older;
  }
}

/** Samples the loop delay for a given time on a fresh histogram; aborts with the signal. */
export async function measureLoopDelay(durationMs: number, signal: AbortSignal): Promise<LoopDelayStats> {
  const resolutionMs = 1;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, durationMs);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new Error('cancelled'));
        },
        { once: true },
      );
    });
    return statsOf(histogram, resolutionMs);
  } finally {
    histogram.disable();
  }
}
