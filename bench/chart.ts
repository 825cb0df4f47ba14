// Chart rendering in Chromium: time to first paint for 1M candles (target under 1 s) and frame time while panning.
// Bundles src-renderer/components/chart/bench-entry.ts (the Chart tab's own option builder and ECharts setup) into a page, opens it in
// headless Chromium and prints the figures. Run: node scripts/build.mjs bench && node dist/bench/chart.mjs [bars]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const BARS = Number(process.argv[2] ?? 1_000_000);
const PAN_STEPS = 60;
const RUNS = 3;

interface BenchResult {
  bars: number;
  prepareMs: number;
  firstPaintMs: number;
  panFrames: number[];
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
          ([n, steps]) => (globalThis as unknown as { runChartBench: (n: number, s: number) => Promise<BenchResult> }).runChartBench(n, steps),
          [BARS, PAN_STEPS] as const,
        ),
      );
    }
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    const pct = (xs: number[], p: number): number => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
    console.log(`bench/chart — ${BARS.toLocaleString('en-US')} candles + volume, headless Chromium (software rendering), ${RUNS} runs`);
    results.forEach((res, i) => {
      console.log(
        `run ${i + 1}: first paint ${res.firstPaintMs.toFixed(0)} ms (columns + option ${res.prepareMs.toFixed(0)} ms); ` +
          `pan frame p50 ${pct(res.panFrames, 50).toFixed(1)} ms, p95 ${pct(res.panFrames, 95).toFixed(1)} ms, max ${Math.max(...res.panFrames).toFixed(1)} ms over ${res.panFrames.length} steps`,
      );
    });
    const best = Math.min(...results.map((r) => r.firstPaintMs));
    console.log(`best first paint: ${best.toFixed(0)} ms (target < 1000 ms)`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
