// Streaming indicator throughput: updates per second on one core for EMA, RSI, MACD and ATR (and the exact-window
// SMA for reference). Each is fed a pre-generated random-walk series so the loop measures the update, not the
// data; the best of several runs is printed. Run: node scripts/build.mjs bench && node dist/bench/indicators.mjs
import { Atr } from '../src-main/kernel/indicators/atr.js';
import { Ema } from '../src-main/kernel/indicators/ema.js';
import { Macd } from '../src-main/kernel/indicators/macd.js';
import { Rsi } from '../src-main/kernel/indicators/rsi.js';
import { Sma } from '../src-main/kernel/indicators/sma.js';

const N = 1 << 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const close = new Float64Array(N);
const high = new Float64Array(N);
const low = new Float64Array(N);
let price = 100;
let seed = 42;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let i = 0; i < N; i++) {
  // A walk pulled back towards 100, so prices stay in a realistic range over a million steps.
  price += (rnd() - 0.5) * 0.4 + (100 - price) * 0.001;
  close[i] = price;
  high[i] = price * (1 + rnd() * 0.01);
  low[i] = price * (1 - rnd() * 0.01);
}

function measure(name: string, run: () => number): void {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    sink += run();
    const ns = Number(process.hrtime.bigint() - t0);
    if (r >= 2 && ns < best) best = ns; // the first rounds warm the JIT up
  }
  const perSec = (N / best) * 1e9;
  process.stdout.write(`${name.padEnd(10)} ${(perSec / 1e6).toFixed(1).padStart(7)} M updates/s  (${(best / N).toFixed(2)} ns/update, checksum ${sink.toFixed(3)})\n`);
}

process.stdout.write(`streaming indicators, ${N} updates per run, best of ${ROUNDS - 2} runs, one core (node ${process.version})\n`);
measure('EMA(20)', () => {
  const x = new Ema(20);
  let s = 0;
  for (let i = 0; i < N; i++) s = x.update(close[i]!);
  return s;
});
measure('RSI(14)', () => {
  const x = new Rsi(14);
  let s = 0;
  for (let i = 0; i < N; i++) s = x.update(close[i]!);
  return s;
});
measure('MACD', () => {
  const x = new Macd(12, 26, 9);
  let s = 0;
  for (let i = 0; i < N; i++) s = x.update(close[i]!);
  return s + x.signal;
});
measure('ATR(14)', () => {
  const x = new Atr(14);
  let s = 0;
  for (let i = 0; i < N; i++) s = x.update(high[i]!, low[i]!, close[i]!);
  return s;
});
measure('SMA(20)', () => {
  const x = new Sma(20);
  let s = 0;
  for (let i = 0; i < N; i++) s = x.update(close[i]!);
  return s;
});
