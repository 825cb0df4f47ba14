/**
 * The opportunity scanner on its worker: for a universe of synthetic daily bars (500 symbols by default), the time
 * from a bar's close (the new bar of every symbol posted to the worker) to the ranked list back in main, and main's
 * event-loop delay meanwhile (targets: p99 < 50 ms and p99 < 20 ms). Each strategy alone first, then all together.
 * The scans are the worker's warm ones (no window): the first, not counted, starts every run over the history; each
 * close after it runs them over the new bars only. A strategy whose own method does universe-wide work on some bars
 * (stat-arb's daily PCA, pairs-trading's and intraday-stat-arb's pair selection) pays it on those closes.
 * Run: node scripts/build.mjs scan-worker && node scripts/build.mjs bench &&
 *      node dist/bench/scanner.mjs [--symbols 500] [--bars 300] [--closes 70] [--strategies a,b] [--together-only] [--trace]
 * --together-only skips the single-strategy runs; --trace prints every close's time (index:ms) as it comes.
 * The machine is shared: the load average is printed beside each figure.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Bar } from '../src-shared/domain/bar.js';
import type { BarColumns } from '../src-main/backtest/market-data.js';
import { prng } from '../src-main/backtest/optimize/search.js';
import { ScanClient } from '../src-main/discovery/scan-client.js';
import { strategyNames } from '../src-main/strategies/index.js';

const { values } = parseArgs({ options: { symbols: { type: 'string' }, bars: { type: 'string' }, closes: { type: 'string' }, strategies: { type: 'string' }, 'together-only': { type: 'boolean' }, trace: { type: 'boolean' } } });
const SYMBOLS = Number(values.symbols ?? 500);
const BARS = Number(values.bars ?? 300);
// 70 closes: each strategy's periodic universe-wide work falls in them (the pair strategies select every 60-63 bars).
const CLOSES = Number(values.closes ?? 70);
const NAMES = values.strategies ? values.strategies.split(',') : strategyNames();
const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 2);

/** Geometric random walks with a little drift and volatility per symbol, weekdays only. */
function universe(total: number): { columns: BarColumns[]; next: (i: number) => Array<{ symbol: string; bar: Bar }> } {
  const rand = prng(42);
  const days: number[] = [];
  for (let d = T0; days.length < total; d += DAY) if (new Date(d).getUTCDay() % 6 !== 0) days.push(d);
  const series = Array.from({ length: SYMBOLS }, (_, s) => {
    const vol = 0.01 + 0.02 * rand();
    const drift = (rand() - 0.5) * 0.001;
    let price = 20 + 200 * rand();
    return days.map((t) => {
      const o = price;
      price *= Math.exp(drift + vol * (rand() + rand() + rand() - 1.5) * 2);
      const c = price;
      return { t, o, h: Math.max(o, c) * (1 + vol * rand()), l: Math.min(o, c) * (1 - vol * rand()), c, v: 1e5 + 1e6 * rand(), symbol: `S${String(s).padStart(3, '0')}` };
    });
  });
  const columns = series.map((bars) => {
    const head = bars.slice(0, BARS);
    const col = (f: 't' | 'o' | 'h' | 'l' | 'c' | 'v') => Float64Array.from(head, (b) => b[f]);
    return { symbol: head[0]!.symbol, t: col('t'), o: col('o'), h: col('h'), l: col('l'), c: col('c'), v: col('v') };
  });
  return { columns, next: (i) => series.map((bars) => ({ symbol: bars[i]!.symbol, bar: { t: bars[i]!.t, o: bars[i]!.o, h: bars[i]!.h, l: bars[i]!.l, c: bars[i]!.c, v: bars[i]!.v } })) };
}

function quantile(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function measure(names: string[], closes: number): Promise<void> {
  const { columns, next } = universe(BARS + closes);
  const client = new ScanClient();
  try {
    client.load(columns);
    // One scan first, not counted: the worker's start and its compiler's warm-up.
    await client.scan({ strategies: names, withReliability: false });
    const times: number[] = [];
    let opportunities = 0;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    for (let i = 0; i < closes; i++) {
      const started = performance.now();
      client.addBars(next(BARS + i));
      const result = await client.scan({ strategies: names, withReliability: false });
      times.push(performance.now() - started);
      if (values.trace === true) process.stdout.write(`${i}:${times[times.length - 1]!.toFixed(0)} `);
      opportunities = result.opportunities.length;
    }
    delay.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    process.stdout.write(
      `${names.length === 1 ? names[0]!.padEnd(18) : `all ${names.length}`.padEnd(18)} close->list p50 ${quantile(times, 0.5).toFixed(0).padStart(6)} ms  p99 ${quantile(times, 0.99).toFixed(0).padStart(6)} ms  max ${times.reduce((m, x) => Math.max(m, x), 0).toFixed(0).padStart(6)} ms  ` +
        `main loop delay p99 ${ms(delay.percentile(99))} ms max ${ms(delay.max)} ms  ${opportunities} opportunities  load ${load()}\n`,
    );
  } finally {
    await client.close();
  }
}

/** Main's event-loop delay over a second of doing nothing: what the shared machine's load alone costs. */
async function idleDelay(): Promise<string> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  h.disable();
  return `idle main loop delay p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms max ${(h.max / 1e6).toFixed(1)} ms`;
}

process.stdout.write(`${await idleDelay()}  load ${load()}\n`);
process.stdout.write(`scanner: ${SYMBOLS} symbols x ${BARS} bars of window, ${CLOSES} closes each; load average ${load()} (shared machine)\n`);
if (values['together-only'] !== true) for (const name of NAMES) await measure([name], CLOSES);
await measure(NAMES, CLOSES);
process.stdout.write(`${await idleDelay()}  load ${load()}\n`);
