import type { Bar } from '../../src-shared/domain/bar.js';
import { gaussian, prng } from '../../src-main/backtest/optimize/search.js';
import { MarketData, toColumns, toQuoteColumns, toTradeColumns } from '../../src-main/backtest/market-data.js';

/**
 * Deterministic synthetic top-of-book streams for the microstructure tests (same seed, same stream, on any
 * machine). Quotes arrive at exponential gaps around a latent log price with clustered volatility; the spread
 * widens with the volatility; displayed sizes lean with a slowly moving book imbalance that, with `flowLead` > 0,
 * leads the price (the effect order-flow strategies look for, put there on purpose); trades arrive with a
 * self-exciting (Hawkes-like) intensity, at the ask when a buyer hits it and at the bid otherwise. One-minute
 * bars are built from the trades (the mid where a minute has none), so the ticks aggregate to the bars.
 */
export interface QuoteRow {
  t: number;
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
}

export interface TradeRow {
  t: number;
  price: number;
  size: number;
}

export interface TickStream {
  bars: Bar[];
  quotes: QuoteRow[];
  trades: TradeRow[];
}

export interface TickStreamOptions {
  seed: number;
  /** First quote time (UTC ms, on a minute). */
  start: number;
  minutes: number;
  price: number;
  tick?: number;
  /** Mean gap between quotes, ms. */
  quoteGapMs?: number;
  /** Volatility of the log price per square-root second in the calm regime. */
  vol?: number;
  /** Drift of the log price per second. */
  drift?: number;
  /** How strongly the book imbalance pushes the price (log price per second per unit of imbalance, times vol). */
  flowLead?: number;
  /** Baseline trades per second. */
  tradeRate?: number;
}

const MINUTE = 60_000;

export function tickStream(o: TickStreamOptions): TickStream {
  const rand = prng(o.seed);
  const tick = o.tick ?? 0.01;
  const gap = o.quoteGapMs ?? 250;
  const baseVol = o.vol ?? 0.00025;
  const drift = o.drift ?? 0;
  const lead = o.flowLead ?? 0;
  const baseRate = o.tradeRate ?? 0.5;
  const end = o.start + o.minutes * MINUTE;
  const quotes: QuoteRow[] = [];
  const trades: TradeRow[] = [];
  let t = o.start;
  let x = Math.log(o.price);
  let h = 0;
  let imb = 0;
  let excite = 0;
  const round = (p: number): number => Number((Math.round(p / tick) * tick).toFixed(6));
  for (;;) {
    const dtMs = Math.max(1, Math.round(-Math.log(1 - rand()) * gap));
    t += dtMs;
    if (t >= end) break;
    const dt = dtMs / 1000;
    h = 0.999 * h + 0.03 * gaussian(rand);
    imb = Math.max(-0.9, Math.min(0.9, 0.98 * imb + 0.12 * gaussian(rand)));
    const vol = baseVol * Math.exp(h);
    x += drift * dt + lead * vol * imb * dt + vol * Math.sqrt(dt) * gaussian(rand);
    const p = Math.exp(x);
    const spreadTicks = 1 + Math.floor(2 * Math.exp(h) * rand());
    const bid = round(Math.floor((p - (spreadTicks * tick) / 2) / tick) * tick);
    const ask = round(bid + spreadTicks * tick);
    const depth = 100 * (2 + Math.floor(8 * rand()));
    quotes.push({ t, bid, bidSize: Math.max(100, Math.round((depth * (1 + imb)) / 100) * 100), ask, askSize: Math.max(100, Math.round((depth * (1 - imb)) / 100) * 100) });
    excite *= Math.exp(-dt / 5);
    const rate = baseRate * Math.exp(h) + excite;
    if (rand() < 1 - Math.exp(-rate * dt)) {
      excite += 0.6;
      const buy = rand() < (1 + imb) / 2;
      trades.push({ t, price: buy ? ask : bid, size: 100 * (1 + Math.floor(4 * rand())) + (rand() < 0.3 ? Math.floor(99 * rand()) : 0) });
    }
  }
  return { bars: minuteBars(o.start, o.minutes, quotes, trades), quotes, trades };
}

/** One bar per minute from the trades in it (the quotes' mids where it has none). */
function minuteBars(start: number, minutes: number, quotes: readonly QuoteRow[], trades: readonly TradeRow[]): Bar[] {
  const bars: Bar[] = [];
  let qi = 0;
  let ti = 0;
  let lastMid = NaN;
  for (let m = 0; m < minutes; m++) {
    const from = start + m * MINUTE;
    const to = from + MINUTE;
    const prices: number[] = [];
    let v = 0;
    while (ti < trades.length && trades[ti]!.t < to) {
      prices.push(trades[ti]!.price);
      v += trades[ti]!.size;
      ti++;
    }
    const mids: number[] = [];
    while (qi < quotes.length && quotes[qi]!.t < to) {
      lastMid = Number(((quotes[qi]!.bid + quotes[qi]!.ask) / 2).toFixed(6));
      mids.push(lastMid);
      qi++;
    }
    const path = prices.length > 0 ? prices : mids.length > 0 ? mids : [lastMid];
    if (Number.isNaN(path[0]!)) continue;
    bars.push({ t: from, o: path[0]!, h: Math.max(...path), l: Math.min(...path), c: path[path.length - 1]!, v });
  }
  return bars;
}

/** Prepared backtest data: each symbol's bars with its quotes and trades. */
export function tickData(streams: ReadonlyArray<[string, TickStream]>): MarketData {
  const data = new MarketData(streams.map(([s, x]) => toColumns(s, x.bars)));
  for (const [s, x] of streams) data.setTicks(s, { quotes: toQuoteColumns(x.quotes), trades: toTradeColumns(x.trades) });
  return data;
}

/** The stream up to `cut` from `a` and from `cut` on from `b` (another seed, another level): garbage after the cut. */
export function splice(a: TickStream, b: TickStream, cut: number): TickStream {
  return {
    bars: [...a.bars.filter((x) => x.t < cut), ...b.bars.filter((x) => x.t >= cut)],
    quotes: [...a.quotes.filter((x) => x.t < cut), ...b.quotes.filter((x) => x.t >= cut)],
    trades: [...a.trades.filter((x) => x.t < cut), ...b.trades.filter((x) => x.t >= cut)],
  };
}

/**
 * One-minute bars of two cointegrated symbols over whole regular sessions (9:30-16:00 New York): a shared random
 * walk, and the second symbol's log price = beta times the first's plus an Ornstein-Uhlenbeck spread with a
 * half-life of about `halfLife` bars. `sessionOpens` are the sessions' opens, UTC ms.
 */
export function cointegratedMinuteBars(seed: number, sessionOpens: readonly number[], halfLife = 3): { a: Bar[]; b: Bar[] } {
  const rand = prng(seed);
  const a: Bar[] = [];
  const b: Bar[] = [];
  let x = Math.log(50);
  let spread = 0;
  const phi = Math.pow(0.5, 1 / halfLife);
  const bar = (t: number, prev: number, c: number, v: number): Bar => {
    const wiggle = Math.abs(c - prev) * 0.3 + c * 0.0002 * rand();
    return { t, o: prev, h: Math.max(prev, c) + wiggle, l: Math.min(prev, c) - wiggle, c, v };
  };
  let pa = Math.exp(x);
  let pb = Math.exp(0.4 + 1.1 * x);
  for (const open of sessionOpens) {
    for (let m = 0; m < 390; m++) {
      x += 0.002 * gaussian(rand);
      spread = phi * spread + 0.0008 * gaussian(rand);
      const ca = Number(Math.exp(x).toFixed(2));
      const cb = Number(Math.exp(0.4 + 1.1 * x + spread).toFixed(2));
      const t = open + m * MINUTE;
      a.push(bar(t, pa, ca, 20_000 + Math.floor(rand() * 20_000)));
      b.push(bar(t, pb, cb, 20_000 + Math.floor(rand() * 20_000)));
      pa = ca;
      pb = cb;
    }
  }
  return { a, b };
}
