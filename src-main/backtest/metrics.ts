import type { Timeframe } from '../../src-shared/domain/bar.js';
import type { ClosedTrade } from './trades.js';

/**
 * Performance statistics. Definitions (also in README.md): returns are simple per-bar returns of the equity
 * marked at each close; annualised figures use `periodsPerYear` (252 for daily bars); the risk-free rate is 0.
 * A ratio whose denominator is zero is null (JSON has no Infinity).
 */
export interface Metrics {
  startValue: number;
  endValue: number;
  totalReturn: number;
  /** Compound annual growth over the calendar span from the first to the last bar. */
  cagr: number | null;
  /** Sample standard deviation of bar returns x sqrt(periodsPerYear). */
  volatility: number;
  sharpe: number | null;
  /** Mean bar return over the downside deviation sqrt(mean(min(r, 0)^2)), annualised. */
  sortino: number | null;
  calmar: number | null;
  /** Largest fall from a running peak, as a fraction of that peak (0.25 = 25 %). */
  maxDrawdown: number;
  /** Longest time under water (peak to recovery, or to the end), in bars. */
  maxDrawdownBars: number;
  closedTrades: number;
  winRate: number | null;
  profitFactor: number | null;
  /** Mean net P&L per closed trade. */
  expectancy: number | null;
  /** Share of bars closed with a position open. */
  exposure: number;
  /** Traded notional over the mean equity: how many times the account was turned over. */
  turnover: number;
  commissions: number;
}

export function periodsPerYear(timeframe: Timeframe): number {
  switch (timeframe) {
    case '1Min':
      return 252 * 390;
    case '5Min':
      return 252 * 78;
    case '15Min':
      return 252 * 26;
    case '30Min':
      return 252 * 13;
    case '1Hour':
      return 252 * 6.5;
    case '4Hour':
      return 252 * 1.625;
    case '1Day':
      return 252;
    case '1Week':
      return 52;
    case '1Month':
      return 12;
  }
}

const YEAR_MS = 365.25 * 86_400_000;

export interface MetricsInput {
  /** equity[0] = starting value, equity[i] = value at the i-th close. */
  equity: Float64Array;
  exposed: Uint8Array;
  /** Timestamps of the closes (length equity.length - 1). */
  times: Float64Array;
  trades: readonly Pick<ClosedTrade, 'pnl'>[];
  tradedNotional: number;
  commissions: number;
  periodsPerYear: number;
  /** Memory for the bar returns (at least equity.length values; a sweep reuses one), else allocated here. */
  returns?: Float64Array;
}

/** Closed-trade statistics, summed in closing order. */
export interface TradeStats {
  count: number;
  wins: number;
  grossWin: number;
  grossLoss: number;
}

export function tradeStats(trades: readonly Pick<ClosedTrade, 'pnl'>[]): TradeStats {
  const stats: TradeStats = { count: 0, wins: 0, grossWin: 0, grossLoss: 0 };
  for (const t of trades) addTrade(stats, t.pnl);
  return stats;
}

/** One closed trade into the statistics (a sweep's fast path counts trades without keeping them). */
export function addTrade(stats: TradeStats, pnl: number): void {
  stats.count++;
  if (pnl > 0) {
    stats.wins++;
    stats.grossWin += pnl;
  } else stats.grossLoss -= pnl;
}

/** A bar's simple return: exactly 0 for an unchanged finite non-zero equity (x / x is 1), else divided out. */
function flat(e: number, previous: number): boolean {
  return e === previous && e !== 0 && e - e === 0;
}

/**
 * The first pass over the equity marks (everything but the deviation, which needs the mean), fed in time order in
 * pieces: computeMetrics hands it the whole column, a sweep's fast path one block at a time as it runs, so both do
 * the same arithmetic in the same order (and get the same bits). It keeps each bar return in `returns` for the
 * second pass (index i = the i-th mark's return; at least one more value than the marks to come).
 */
export class EquityPass {
  /** Marks taken after the starting value. */
  count = 0;
  sum = 0;
  downSq = 0;
  peak: number;
  peakAt = 0;
  maxDd = 0;
  longest = 0;
  equitySum = 0;
  /** The last mark (the starting value before any). */
  last: number;

  constructor(
    readonly start: number,
    readonly returns: Float64Array,
  ) {
    this.peak = start;
    this.last = start;
  }

  /** Marks values[from..to), the next ones in time. */
  add(values: Float64Array, from: number, to: number): void {
    const returns = this.returns;
    let { count: i, sum, downSq, peak, peakAt, maxDd, longest, equitySum, last: previous } = this;
    for (let k = from; k < to; k++) {
      i++;
      const e = values[k]!;
      if (flat(e, previous)) {
        // A zero return changes no sum, and under water the drawdown is the one the previous mark already counted.
        returns[i] = 0;
        if (e >= peak) {
          peak = e;
          peakAt = i;
        } else longest = Math.max(longest, i - peakAt);
        equitySum += e;
        continue;
      }
      const r = e / previous - 1;
      previous = e;
      returns[i] = r;
      sum += r;
      if (r < 0) downSq += r * r;
      if (e >= peak) {
        peak = e;
        peakAt = i;
      } else {
        maxDd = Math.max(maxDd, 1 - e / peak);
        longest = Math.max(longest, i - peakAt);
      }
      equitySum += e;
    }
    this.count = i;
    this.sum = sum;
    this.downSq = downSq;
    this.peak = peak;
    this.peakAt = peakAt;
    this.maxDd = maxDd;
    this.longest = longest;
    this.equitySum = equitySum;
    this.last = previous;
  }

  mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** The second pass over the kept returns: the sum of squared deviations from the mean. */
  squaredDeviations(): number {
    const returns = this.returns;
    const mean = this.mean();
    let sq = 0;
    for (let i = 1; i <= this.count; i++) {
      const d = returns[i]! - mean;
      sq += d * d;
    }
    return sq;
  }
}

/** computeMetrics' input with both passes over the equity done and the trades and exposure already counted. */
export interface MetricsSummaryInput {
  pass: EquityPass;
  /** Sum of squared deviations of the bar returns from their mean (EquityPass.squaredDeviations). */
  squaredDeviations: number;
  times: Float64Array;
  exposedBars: number;
  trades: TradeStats;
  tradedNotional: number;
  commissions: number;
  periodsPerYear: number;
}

export function computeMetrics(input: MetricsInput): Metrics {
  let exposedBars = 0;
  for (let i = 0; i < input.exposed.length; i++) exposedBars += input.exposed[i]!;
  const { equity } = input;
  const n = equity.length - 1;
  const pass = new EquityPass(equity[0]!, input.returns !== undefined && input.returns.length > n ? input.returns : new Float64Array(n + 1));
  pass.add(equity, 1, n + 1);
  return metricsFromSummary({ pass, squaredDeviations: pass.squaredDeviations(), times: input.times, exposedBars, trades: tradeStats(input.trades), tradedNotional: input.tradedNotional, commissions: input.commissions, periodsPerYear: input.periodsPerYear });
}

export function metricsFromSummary(input: MetricsSummaryInput): Metrics {
  const { pass, trades, exposedBars } = input;
  const { count: n, start, last: end, downSq, maxDd, longest, equitySum } = pass;
  const mean = pass.mean();
  const sq = input.squaredDeviations;
  const sd = n > 1 ? Math.sqrt(sq / (n - 1)) : 0;
  const annual = Math.sqrt(input.periodsPerYear);
  const downside = n > 0 ? Math.sqrt(downSq / n) : 0;

  const totalReturn = end / start - 1;
  const years = n > 1 ? (input.times[n - 1]! - input.times[0]!) / YEAR_MS : 0;
  const cagr = years > 0 && end > 0 ? Math.pow(end / start, 1 / years) - 1 : null;

  const { wins, grossWin, grossLoss } = trades;
  const meanEquity = n > 0 ? equitySum / n : start;

  return {
    startValue: start,
    endValue: end,
    totalReturn,
    cagr,
    volatility: sd * annual,
    sharpe: sd > 0 ? (mean / sd) * annual : null,
    sortino: downside > 0 ? (mean / downside) * annual : null,
    calmar: cagr !== null && maxDd > 0 ? cagr / maxDd : null,
    maxDrawdown: maxDd,
    maxDrawdownBars: longest,
    closedTrades: trades.count,
    winRate: trades.count > 0 ? wins / trades.count : null,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    expectancy: trades.count > 0 ? (grossWin - grossLoss) / trades.count : null,
    exposure: n > 0 ? exposedBars / n : 0,
    turnover: meanEquity > 0 ? input.tradedNotional / meanEquity : 0,
    commissions: input.commissions,
  };
}
