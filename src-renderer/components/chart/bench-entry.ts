// The page bench/chart.ts drives (kept in the renderer tree for its DOM types; no app code imports it): the
// Chart tab's own option builder and ECharts setup on N synthetic candles.
import { buildChartOption } from './chart-option.js';
import { toColumns } from './chart-model.js';
import { echarts } from './echarts-setup.js';
import type { Bar } from '../../../src-shared/domain/bar.js';

interface BenchResult {
  bars: number;
  prepareMs: number;
  firstPaintMs: number;
  panFrames: number[];
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

const nextFinished = (chart: ReturnType<typeof echarts.init>): Promise<void> =>
  new Promise((resolve) => chart.on('finished', function once() {
    chart.off('finished', once);
    resolve();
  }));
const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

async function run(n: number, panSteps: number): Promise<BenchResult> {
  const bars = syntheticBars(n);
  const el = document.getElementById('chart')!;
  const chart = echarts.init(el, 'dark', { renderer: 'canvas' });
  // From the bars in memory to a painted chart: columns, option, ECharts processing and paint.
  const t0 = performance.now();
  const cols = toColumns(bars);
  const option = buildChartOption(cols, [], [], true);
  const prepared = performance.now();
  const finished = nextFinished(chart);
  chart.setOption(option, { notMerge: true });
  await finished;
  await nextFrame();
  const painted = performance.now();

  // Pan: shift the zoom window a little each frame, as a drag does, and time each re-render to the next frame.
  const zoom = chart.getOption() as { dataZoom: { start: number; end: number }[] };
  let start = zoom.dataZoom[0]!.start;
  let end = zoom.dataZoom[0]!.end;
  const step = (end - start) / 50;
  const frames: number[] = [];
  for (let i = 0; i < panSteps; i++) {
    start -= step;
    end -= step;
    const f0 = performance.now();
    const done = nextFinished(chart);
    chart.dispatchAction({ type: 'dataZoom', start, end });
    await done;
    await nextFrame();
    frames.push(performance.now() - f0);
  }
  chart.dispose();
  return { bars: n, prepareMs: prepared - t0, firstPaintMs: painted - t0, panFrames: frames };
}

(window as unknown as { runChartBench: typeof run }).runChartBench = run;
