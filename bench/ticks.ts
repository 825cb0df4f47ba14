// Quote-level backtest throughput: a synthetic stream of 5M quotes (plus about 1M prints) through the engine with
// quote-level fills (fill.queue, 5 ms latency) and a simple quoting strategy that joins the bid and the ask and moves
// its quotes when the touch moves: once within the broker's rate limit (the figure the target is for), once moving
// on every touch change. Prints quotes a second (target >= 5M on one core) and the load average.
// Then, live (bench/ticks/live-replace.ts): a market-making bot on the local exchange's live stream, from a quote's
// arrival in main to the replace request written to the exchange socket (target p99 < 2 ms).
// Run: node scripts/build.mjs bench && node dist/bench/ticks.mjs   (QUOTES=... to change the size; BENCH_PART=backtest
// or live for one part; BENCH_LIVE_S=... for the live run's length)
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { runBacktest } from '../src-main/backtest/backtest.js';
import { MarketData, type QuoteColumns, type TradeColumns } from '../src-main/backtest/market-data.js';
import { barsFromTicks } from '../src-main/backtest/ticks/bars-from-ticks.js';
import { defineStrategy } from '../src-main/kernel/strategy/types.js';
import { runExchangeWorker, runLiveReplace } from './ticks/live-replace.js';

const QUOTES = Number(process.env.QUOTES ?? 5_000_000);
const T0 = Date.UTC(2024, 0, 2, 14, 30);

/** A seeded random walk of the touch (a cent a move, 2 % of quotes), sizes 100-1000, a print after 20 % of quotes. */
function stream(n: number): { quotes: QuoteColumns; trades: TradeColumns } {
  let x = 12345;
  const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const quotes: QuoteColumns = { t: new Float64Array(n), bid: new Float64Array(n), bidSize: new Float64Array(n), ask: new Float64Array(n), askSize: new Float64Array(n) };
  const tradeT: number[] = [];
  const tradeP: number[] = [];
  const tradeS: number[] = [];
  let cents = 10_000;
  let t = T0;
  for (let i = 0; i < n; i++) {
    t += 1 + Math.floor(rnd() * 4);
    const r = rnd();
    if (r < 0.01) cents++;
    else if (r < 0.02) cents--;
    quotes.t[i] = t;
    quotes.bid[i] = (cents - 1) / 100;
    quotes.ask[i] = (cents + 1) / 100;
    quotes.bidSize[i] = 100 * (1 + Math.floor(rnd() * 10));
    quotes.askSize[i] = 100 * (1 + Math.floor(rnd() * 10));
    if (rnd() < 0.2) {
      tradeT.push(t);
      tradeP.push(rnd() < 0.5 ? quotes.bid[i]! : quotes.ask[i]!);
      tradeS.push(100 * (1 + Math.floor(rnd() * 5)));
    }
  }
  return { quotes, trades: { t: Float64Array.from(tradeT), price: Float64Array.from(tradeP), size: Float64Array.from(tradeS) } };
}

/**
 * Joins the bid and the ask with 100 shares each (inventory within +-1000), moving a side when the touch moved and
 * that side last sent at least `gapMs` ago: 1000 ms keeps both sides at 120 requests a minute, under Alpaca's 200.
 */
const quoter = (gapMs: number) => defineStrategy({
  name: 'bench-quoter',
  description: 'joins the touch on both sides',
  params: z.object({}),
  timeframe: '1Min',
  universe: [],
  warmup: () => 0,
  create(_p, ctx) {
    let bidId: string | undefined;
    let askId: string | undefined;
    let myBid = 0;
    let myAsk = 0;
    let bidSent = -Infinity;
    let askSent = -Infinity;
    return {
      onQuote(symbol, q) {
        if (q.bid !== myBid && q.t - bidSent >= gapMs && ctx.portfolio.position(symbol) < 1000) {
          bidId = bidId === undefined ? ctx.submit(ctx.orders.limit(symbol, 'buy', 100, q.bid, 'gtc')) : ctx.replace(bidId, { limitPrice: String(q.bid) });
          myBid = q.bid;
          bidSent = q.t;
        }
        if (q.ask !== myAsk && q.t - askSent >= gapMs && ctx.portfolio.position(symbol) > -1000) {
          askId = askId === undefined ? ctx.submit(ctx.orders.limit(symbol, 'sell', 100, q.ask, 'gtc')) : ctx.replace(askId, { limitPrice: String(q.ask) });
          myAsk = q.ask;
          askSent = q.t;
        }
      },
      onOrderUpdate(u) {
        // A filled or ended quote is sent again on the next quote.
        if (u.state === 'filled' || u.state === 'canceled' || u.state === 'rejected') {
          if (u.id === bidId) {
            bidId = undefined;
            myBid = 0;
          } else if (u.id === askId) {
            askId = undefined;
            myAsk = 0;
          }
        }
      },
    };
  },
});

function measure(data: MarketData, ticks: { quotes: QuoteColumns; trades: TradeColumns }, gapMs: number, label: string, runs: number): void {
  const options = { fill: { queue: { latencyMs: 5 } }, account: { allowShort: true, leverage: 4 } };
  const prints = ticks.trades.t.length;
  const strategy = quoter(gapMs);
  // Warm-up (JIT) on the same data, then timed runs.
  runBacktest(strategy, {}, data, options);
  let best = Infinity;
  let bestCpu = Infinity;
  let fills = 0;
  let orders = 0;
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const r = runBacktest(strategy, {}, data, options);
    best = Math.min(best, performance.now() - started);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
    fills = r.fills.length;
    orders = r.orders.length;
  }
  console.log(
    `${label}: ${QUOTES.toLocaleString('en-US')} quotes + ${prints.toLocaleString('en-US')} prints, ${orders.toLocaleString('en-US')} orders, ` +
      `${fills.toLocaleString('en-US')} fills in ${best.toFixed(0)} ms (best of ${runs}): ${((QUOTES / best) * 1000 / 1e6).toFixed(2)}M quotes/s ` +
      `(${(((QUOTES + prints) / best) * 1000 / 1e6).toFixed(2)}M ticks/s); on CPU time ${bestCpu.toFixed(0)} ms: ${((QUOTES / bestCpu) * 1000 / 1e6).toFixed(2)}M quotes/s`,
  );
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

function backtestPart(): void {
  const ticks = stream(QUOTES);
  const data = new MarketData([barsFromTicks('SYN', ticks, '1Min')]);
  data.setTicks('SYN', ticks);
  console.log(`quote-level backtest, one core (target >= 5M quotes/s); stream spans ${((ticks.quotes.t[QUOTES - 1]! - T0) / 3_600_000).toFixed(1)} h`);
  measure(data, ticks, 1000, 'quoter within the rate limit (a side moves at most once a second)', 3);
  if (process.env.BENCH_BUSY !== '0') measure(data, ticks, 0, 'quoter moving on every touch change (no rate limit; order-bound)', 1);
  console.log(`load average: ${load()}`);
}

// The same file is the live part's exchange worker (a thread of its own, as the app's demo exchange).
if (!(await runExchangeWorker())) {
  const part = process.env.BENCH_PART;
  if (part === undefined || part === 'backtest') backtestPart();
  if (part === undefined || part === 'live') await runLiveReplace(fileURLToPath(import.meta.url), load);
}
