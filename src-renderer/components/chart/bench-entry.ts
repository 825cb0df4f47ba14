// The page bench/chart.ts drives (kept in the renderer tree for its DOM types; no app code imports it): the Chart
// tab's own ChartController (typed columns, window aggregated to pixel columns, ECharts setup) on N synthetic candles.
import { ChartController } from './chart-controller.js';
import { toColumns } from './chart-model.js';
import type { Bar } from '../../../src-shared/domain/bar.js';

export interface PanFigures {
  /** Bars in the zoom window while panning. */
  windowBars: number;
  /** Bars per drawn candle at that zoom. */
  bucket: number;
  /** Per step: dispatch of the pan action to the canvas painted (re-aggregation, ECharts update, paint; flushed). */
  workMs: number[];
  /** Interval between consecutive animation frames while one pan step is dispatched per frame, as a drag does. */
  frameMs: number[];
  /** The previous bench's figure: dispatch, wait for ECharts' `finished`, then the next animation frame. */
  finishedPlusFrameMs: number[];
}

export interface BenchResult {
  bars: number;
  prepareMs: number;
  firstPaintMs: number;
  /** Zoom out to every bar (re-aggregating all of them) until painted. */
  zoomAllMs: number;
  zoomAllBucket: number;
  pans: PanFigures[];
}

function syntheticBars(n: number): Bar[] {
  const bars = new Array<Bar>(n);
  let price = 100;
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) {
    const o = price;
    price += (rnd() - 0.5) * 0.4 + (100 - price) * 0.001;
    const c = price;
    bars[i] = { t: t0 + i * 60_000, o, h: Math.max(o, c) + rnd() * 0.2, l: Math.min(o, c) - rnd() * 0.2, c, v: Math.round(rnd() * 10_000) };
  }
  return bars;
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

async function run(n: number, panSteps: number, panWindows: number[]): Promise<BenchResult> {
  const bars = syntheticBars(n);
  const el = document.getElementById('chart')!;
  let bucket = 1;
  let finishedWaiter: (() => void) | null = null;
  const controller = new ChartController(el, {
    onView: (b) => (bucket = b.size),
    onRendered: () => {
      const w = finishedWaiter;
      finishedWaiter = null;
      w?.();
    },
  });
  const finished = (): Promise<void> => new Promise((resolve) => (finishedWaiter = resolve));

  // First paint: from the bars in memory to the first frame after ECharts reports the candles painted (typed
  // columns, option, aggregation of the initial window, ECharts processing and paint).
  const t0 = performance.now();
  const cols = toColumns(bars);
  const prepared = performance.now();
  const firstDone = finished();
  controller.setContent({ cols, indicators: [], fills: [], intraday: true, viewKey: 'bench' });
  await firstDone;
  await nextFrame();
  const painted = performance.now();

  // Everything in view: all n bars aggregated to pixel columns.
  await nextFrame();
  const z0 = performance.now();
  const allDone = finished();
  controller.zoomTo({ from: -0.5, to: n - 0.5 });
  await allDone;
  await nextFrame();
  const zoomAllMs = performance.now() - z0;
  const zoomAllBucket = bucket;

  const pans: PanFigures[] = [];
  for (const size of panWindows) {
    const w = Math.min(size, n);
    let to = n - 0.5;
    let from = to - w;
    const ready = finished();
    controller.zoomTo({ from, to });
    await ready;
    await nextFrame();
    const step = w / 50;
    const workMs: number[] = [];
    const frameMs: number[] = [];
    // A drag: one step per animation frame, each dispatched and painted synchronously (flush) in that frame.
    let last = await nextFrame();
    for (let i = 0; i < panSteps; i++) {
      const now = await nextFrame();
      frameMs.push(now - last);
      last = now;
      from -= step;
      to -= step;
      const f0 = performance.now();
      controller.chart.dispatchAction({ type: 'dataZoom', startValue: from, endValue: to }, { flush: true });
      workMs.push(performance.now() - f0);
    }
    // The old measure, for comparison: dispatch, wait for `finished`, then one more frame.
    const finishedPlusFrameMs: number[] = [];
    for (let i = 0; i < Math.min(20, panSteps); i++) {
      from += step;
      to += step;
      await nextFrame();
      const f0 = performance.now();
      const done = finished();
      controller.zoomTo({ from, to });
      await done;
      await nextFrame();
      finishedPlusFrameMs.push(performance.now() - f0);
    }
    pans.push({ windowBars: w, bucket, workMs, frameMs, finishedPlusFrameMs });
  }
  controller.dispose();
  return { bars: n, prepareMs: prepared - t0, firstPaintMs: painted - t0, zoomAllMs, zoomAllBucket, pans };
}

(window as unknown as { runChartBench: typeof run }).runChartBench = run;
