// Chart rendering in Chromium: time to first paint for 1M candles (target under 1 s) and frame time while panning.
// Bundles src-renderer/components/chart/bench-entry.ts (the Chart tab's own ChartController: typed columns, the window
// aggregated to pixel columns, ECharts) into a page, opens it in headless Chromium and prints the figures.
// Pans are driven one step per animation frame, as a drag is: "work" is one step from dispatch to painted canvas
// (flushed synchronously), "frame interval" the time between frames meanwhile. The previous bench's pan figure
// (dispatch, wait for `finished`, one more frame) is printed too; it counts at least one idle frame per step.
// Run: node scripts/build.mjs bench && node dist/bench/chart.mjs [bars]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const BARS = Number(process.argv[2] ?? 1_000_000);
const PAN_STEPS = 60;
const RUNS = 3;
/** Zoom windows panned across: real candles (1:1), and two zoomed-out views where candles are aggregated. */
const PAN_WINDOWS = [250, 20_000, 200_000];

// The shapes bench-entry.ts returns (not imported: that file is DOM code, outside this tree's tsconfig).
interface PanFigures {
  windowBars: number;
  bucket: number;
  workMs: number[];
  frameMs: number[];
  finishedPlusFrameMs: number[];
}
interface BenchResult {
  bars: number;
  prepareMs: number;
  firstPaintMs: number;
  zoomAllMs: number;
  zoomAllBucket: number;
  pans: PanFigures[];
}

const dir = mkdtempSync(join(tmpdir(), 'bench-chart-'));
try {
  await build({
    entryPoints: [join(process.cwd(), 'src-renderer/components/chart/bench-entry.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    outfile: join(dir, 'chart.js'),
    logLevel: 'warning',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><body style="margin:0;background:#111"><div id="chart" style="width:1440px;height:860px"></div><script src="chart.js"></script></body></html>',
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    const results: BenchResult[] = [];
    for (let r = 0; r < RUNS; r++) {
      results.push(
        await page.evaluate(
          ([n, steps, windows]) =>
            (globalThis as unknown as { runChartBench: (n: number, s: number, w: number[]) => Promise<BenchResult> }).runChartBench(n, steps, windows),
          [BARS, PAN_STEPS, PAN_WINDOWS] as const,
        ),
      );
    }
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    const pct = (xs: number[], p: number): number => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
    const dist = (xs: number[]): string => `p50 ${pct(xs, 50).toFixed(1)}, p95 ${pct(xs, 95).toFixed(1)}, max ${xs.reduce((a, b) => Math.max(a, b), -Infinity).toFixed(1)} ms`;
    console.log(`bench/chart — ${BARS.toLocaleString('en-US')} candles + volume, headless Chromium (software rendering), 1440x860 chart, ${RUNS} runs`);
    console.log('first paint = bars in memory -> typed columns, option, initial window (last 250 bars) aggregated, ECharts paint, next frame');
    results.forEach((res, i) => {
      console.log(
        `run ${i + 1}: first paint ${res.firstPaintMs.toFixed(0)} ms (typed columns ${res.prepareMs.toFixed(0)} ms); ` +
          `zoom out to all ${res.bars.toLocaleString('en-US')} bars ${res.zoomAllMs.toFixed(0)} ms (${res.zoomAllBucket} bars per candle)`,
      );
      for (const p of res.pans) {
        console.log(
          `  pan over ${p.windowBars.toLocaleString('en-US')} bars (${p.bucket} per candle), ${p.workMs.length} steps, one per frame: ` +
            `work per step ${dist(p.workMs)}; frame interval ${dist(p.frameMs)}; old measure (finished + next frame) ${dist(p.finishedPlusFrameMs)}`,
        );
      }
    });
    const best = results.reduce((a, r) => Math.min(a, r.firstPaintMs), Infinity);
    console.log(`best first paint: ${best.toFixed(0)} ms (target < 1000 ms)`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
