// The multi-symbol strategies (momentum, sector-rotation, earnings-momentum, pairs-trading, stat-arb, etf-basket-arb)
// over a universe of 60 symbols of synthetic daily bars (one common factor plus each symbol's own noise, seeded):
// bar-steps per second of the whole backtest (engine, cross-sections, the strategy's statistics), with the load
// average beside each figure (the development machine is shared). BENCH_DAYS sets the length (default 5040, twenty
// years of sessions), BENCH_SYMBOLS the universe (default 60).
// Run: node scripts/build.mjs bench && node dist/bench/cross-sectional-strategies.mjs
import { loadavg } from 'node:os';
import { runBacktest } from '../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../src-main/backtest/market-data.js';
import { prng } from '../src-main/backtest/optimize/search.js';
import { parseParams } from '../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../src-main/strategies/index.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 5040);
const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 60);
const DAY = 86_400_000;
const START = Date.UTC(2000, 0, 3);

const rand = prng(7);
const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const market = Array.from({ length: DAYS }, () => 0.01 * gauss());
const columns = Array.from({ length: SYMBOLS }, (_, k) => {
  let price = 20 + k;
  const beta = 0.5 + rand();
  const bars = [];
  for (let i = 0; i < DAYS; i++) {
    const open = price;
    price *= Math.exp(beta * market[i]! + 0.015 * gauss());
    // Weekdays only, so the calendar's month and week starts fall as they would.
    const day = START + (Math.floor(i / 5) * 7 + (i % 5)) * DAY;
    bars.push({ t: day, o: open, h: Math.max(open, price) * 1.005, l: Math.min(open, price) * 0.995, c: price, v: 1e6 * (1 + 4 * rand() ** 8) });
  }
  return toColumns(`S${String(k).padStart(2, '0')}`, bars);
});
const data = new MarketData(columns);
const steps = columns.reduce((n, c) => n + c.t.length, 0);

const cases: ReadonlyArray<[string, Record<string, string | number>]> = [
  ['momentum', {}],
  ['sector-rotation', {}],
  ['earnings-momentum', {}],
  ['pairs-trading', {}],
  ['stat-arb', {}],
  ['stat-arb', { refitBars: 5 }],
  ['etf-basket-arb', {}],
];
console.log(`${SYMBOLS} symbols x ${DAYS} days = ${steps} bar-steps`);
for (const [name, raw] of cases) {
  const definition = STRATEGIES.get(name)!;
  const t0 = process.hrtime.bigint();
  const result = runBacktest(definition, parseParams(definition.params, raw), data, { account: { cash: 1_000_000, allowShort: true } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const label = `${name}${Object.keys(raw).length > 0 ? ` ${JSON.stringify(raw)}` : ''}`;
  console.log(
    `${label.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s  ${Math.round(steps / seconds).toLocaleString('en-US').padStart(11)} bar-steps/s  ${String(result.orders.length).padStart(6)} orders  load ${loadavg()[0]!.toFixed(2)}`,
  );
}
