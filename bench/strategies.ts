// Every strategy of the registry, event-driven through the backtest engine, with the load average beside each
// figure (the development machine is shared by several sessions: the load is high and the figures move with it):
//  1. single-symbol: bars per second over BENCH_BARS (default 1,000,000) bars of one symbol (the real daily files
//     tiled end to end, as bench/backtest.ts does), for each strategy that trades one symbol. The first run computes
//     the indicator series (cached in the run's data, as a sweep shares them); the best of the timed runs after it
//     is the engine and the strategy alone (best by CPU time). Rates are given per wall second and per CPU second of
//     the process: under a load of 10 or more on two cores the wall figure mostly measures waiting for a core.
//  2. cross-sectional: bar-steps per second over BENCH_SYMBOLS (default 60) symbols x BENCH_DAYS (default 5,040:
//     twenty years) of synthetic daily bars (one common factor, each symbol's own noise and a few cointegrated
//     pairs; seeded) for the multi-symbol strategies.
//  3. live: a bot with 60 symbols against the local exchange on loopback, bars handed to the bot runner as a feed
//     would deliver them at a bar's close; the time from that moment to each order's POST /v2/orders on the wire
//     (the socket write carrying its request line), p50/p99/max, per strategy.
// Each line ends with a short hash of the run's order list: equal hashes before and after a change to the engine
// or a strategy show that the change kept every order (and its reason) as it was.
// BENCH_PART=single|cross|live (default: all three); BENCH_ONLY=name,name runs only those strategies.
// Run: node scripts/build.mjs bench && node dist/bench/strategies.mjs
import { loadavg } from 'node:os';
import { runBacktest } from '../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../src-main/backtest/market-data.js';
import { parseParams } from '../src-main/kernel/strategy/params.js';
import type { StrategyDefinition } from '../src-main/kernel/strategy/types.js';
import { STRATEGIES } from '../src-main/strategies/index.js';
import { crossSectionalUniverse, tiledDailyBars } from './strategies/data.js';
import { runLiveLatency } from './strategies/live.js';

const part = process.env.BENCH_PART ?? 'all';
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const wanted = (name: string): boolean => only === undefined || only.has(name);
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
const rate = (n: number, seconds: number): string => Math.round(n / seconds).toLocaleString('en-US').padStart(11);

interface Timed {
  seconds: number;
  /** CPU seconds of this process (GC threads included): on a shared machine, the cost apart from waiting for a core. */
  cpu: number;
  orders: number;
  hash: string;
}

function timed(definition: StrategyDefinition, raw: Record<string, string | number>, data: MarketData, allowShort: boolean): Timed {
  const params = parseParams(definition.params, raw);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = runBacktest(definition, params, data, { account: { cash: 1_000_000, allowShort } });
  const used = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: (used.user + used.system) / 1e6, orders: result.orders.length, hash: result.ordersHash.slice(0, 12) };
}

const singles = [...STRATEGIES.values()].filter((d) => (d.minSymbols ?? 1) <= 1 && wanted(d.name));
const multis = [...STRATEGIES.values()].filter((d) => (d.minSymbols ?? 1) > 1 && wanted(d.name));

if (part === 'all' || part === 'single') {
  const target = Number(process.env.BENCH_BARS ?? 1_000_000);
  const bars = tiledDailyBars(target);
  const data = new MarketData([toColumns('TILE', bars)]);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  console.log(`single-symbol: ${bars.length.toLocaleString('en-US')} bars of one symbol (target 1,000,000 bars/s each); best of ${runs} after a first run`);
  for (const definition of singles) {
    const first = timed(definition, {}, data, false);
    let best = first;
    // A strategy slower than ten CPU seconds a run (ml-signal's feature pipeline) is timed once.
    for (let i = 0; i < (first.cpu > 10 ? 0 : runs); i++) {
      const r = timed(definition, {}, data, false);
      if (r.cpu < best.cpu) best = r;
    }
    console.log(
      `  ${definition.name.padEnd(18)} first ${first.seconds.toFixed(2).padStart(6)} s ${rate(bars.length, first.seconds)} bars/s  best ${best.seconds.toFixed(2).padStart(6)} s ${rate(bars.length, best.seconds)} bars/s, ${rate(bars.length, best.cpu)} bars/CPU-s  ${String(best.orders).padStart(6)} orders  ${best.hash}  load ${load()}`,
    );
  }
  for (const definition of multis) console.log(`  ${definition.name.padEnd(20)} trades at least ${definition.minSymbols} symbols: see the cross-sectional figures`);
}

if (part === 'all' || part === 'cross') {
  const symbols = Number(process.env.BENCH_SYMBOLS ?? 60);
  const days = Number(process.env.BENCH_DAYS ?? 5040);
  const data = new MarketData(crossSectionalUniverse(symbols, days));
  console.log(`cross-sectional: ${symbols} symbols x ${days} days = ${data.steps.toLocaleString('en-US')} bar-steps (one run each, short selling on)`);
  const cases: Array<[StrategyDefinition, Record<string, string | number>]> = [];
  for (const definition of multis) {
    cases.push([definition, {}]);
    if (definition.name === 'momentum') cases.push([definition, { variant: 'time-series' }]);
    if (definition.name === 'stat-arb') cases.push([definition, { refitBars: 5 }]);
  }
  // The single-symbol strategies over the same universe: each symbol on its own, 60 at a time.
  for (const definition of singles) cases.push([definition, {}]);
  for (const [definition, raw] of cases) {
    const r = timed(definition, raw, data, true);
    const label = `${definition.name}${Object.keys(raw).length > 0 ? ` ${JSON.stringify(raw)}` : ''}`;
    console.log(
      `  ${label.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s ${rate(data.steps, r.seconds)} bar-steps/s, ${rate(data.steps, r.cpu)} per CPU-s  ${String(r.orders).padStart(6)} orders  ${r.hash}  load ${load()}`,
    );
  }
}

if (part === 'all' || part === 'live') {
  await runLiveLatency({ wanted, load });
}
