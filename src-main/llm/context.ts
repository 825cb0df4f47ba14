import { atrBatch, bollingerBatch, macdBatch, rsiBatch, smaBatch } from '../kernel/indicators/index.js';
import { LlmError } from './errors.js';

/** One symbol's bars as columns (the backtest loader's BarColumns fits). */
export interface BarSeries {
  symbol: string;
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
}

export interface ContextPosition {
  /** Signed shares (negative: short), as a decimal string from the ledger. */
  qty: string;
  avgEntryPrice: string;
}

export interface ContextHeadline {
  at: number;
  headline: string;
  /** The sentiment scorer's figure (-1..1), when there is one. */
  sentiment?: number;
}

/**
 * The numbers the workstation holds for one symbol, as they are sent to the model: nothing else leaves the
 * machine (no account number, no key, no order ids).
 */
export interface AnalysisContext {
  symbol: string;
  /** Time of the last bar (epoch ms). */
  asOf: number;
  lastClose: number;
  /** The last bars, oldest first. */
  recentBars: Array<{ t: string; o: number; h: number; l: number; c: number; v: number }>;
  /** Latest value of each indicator; null while it is not warm yet. */
  indicators: Record<string, number | null>;
  position: ContextPosition | null;
  /** Risk figures (equity, buying power, limits), each a number in dollars or a fraction. */
  risk: Record<string, number>;
  news: ContextHeadline[];
}

export const RECENT_BARS = 30;

function last(series: Float64Array): number | null {
  const x = series[series.length - 1];
  return x === undefined || !Number.isFinite(x) ? null : round(x);
}

/** Six significant digits: enough for a reading, fewer tokens than float64's seventeen. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}

function periodReturn(c: Float64Array, bars: number): number | null {
  const n = c.length;
  if (n <= bars) return null;
  return round(c[n - 1]! / c[n - 1 - bars]! - 1);
}

/** Standard deviation of the last `bars` simple returns (not annualised: the bars' own period). */
function returnStd(c: Float64Array, bars: number): number | null {
  const n = c.length;
  if (n <= bars) return null;
  let sum = 0;
  let sq = 0;
  for (let i = n - bars; i < n; i++) {
    const r = c[i]! / c[i - 1]! - 1;
    sum += r;
    sq += r * r;
  }
  const mean = sum / bars;
  return round(Math.sqrt(Math.max(0, sq / bars - mean * mean)));
}

export interface ContextExtras {
  position?: ContextPosition | null;
  risk?: Record<string, number>;
  news?: ContextHeadline[];
}

/** The context of one symbol from its bars (a few common indicators at the last bar) and what else is known. */
export function contextFromBars(bars: BarSeries, extras: ContextExtras = {}): AnalysisContext {
  const n = bars.c.length;
  if (n < 2) throw new LlmError('LLM_BAD_INPUT', `${bars.symbol}: an analysis needs at least 2 bars, found ${n}`);
  const macd = macdBatch(bars.c, 12, 26, 9);
  const bb = bollingerBatch(bars.c, 20, 2);
  const from = Math.max(0, n - RECENT_BARS);
  const recentBars: AnalysisContext['recentBars'] = [];
  for (let i = from; i < n; i++) {
    recentBars.push({ t: new Date(bars.t[i]!).toISOString(), o: round(bars.o[i]!), h: round(bars.h[i]!), l: round(bars.l[i]!), c: round(bars.c[i]!), v: round(bars.v[i]!) });
  }
  return {
    symbol: bars.symbol,
    asOf: bars.t[n - 1]!,
    lastClose: round(bars.c[n - 1]!),
    recentBars,
    indicators: {
      sma20: last(smaBatch(bars.c, 20)),
      sma50: last(smaBatch(bars.c, 50)),
      sma200: last(smaBatch(bars.c, 200)),
      rsi14: last(rsiBatch(bars.c, 14)),
      macd: last(macd.macd),
      macdSignal: last(macd.signal),
      atr14: last(atrBatch(bars.h, bars.l, bars.c, 14)),
      bollingerUpper20: last(bb.upper),
      bollingerLower20: last(bb.lower),
      return5Bars: periodReturn(bars.c, 5),
      return20Bars: periodReturn(bars.c, 20),
      returnStd20Bars: returnStd(bars.c, 20),
    },
    position: extras.position ?? null,
    risk: extras.risk ?? {},
    news: extras.news ?? [],
  };
}
