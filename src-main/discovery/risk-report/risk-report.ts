import { beta, correlationMatrix, drawdown, historicalVarEs } from './risk-math.js';

/** One position held now, valued at its mark. Options carry their contract multiplier in `value` already. */
export interface ReportHolding {
  symbol: string;
  /** Signed: negative is short. */
  qty: number;
  /** Signed market value in dollars. */
  value: number;
  sector: string;
  kind: 'stock' | 'option';
}

/** Daily closes of one symbol, oldest first (times in epoch ms). */
export interface DailyCloses {
  t: ArrayLike<number>;
  c: ArrayLike<number>;
}

export interface OptionHoldingGreeks {
  symbol: string;
  /** Contracts held (signed). */
  qty: number;
  /** Per contract share, Alpaca's units (delta per 1.00 of the underlying, theta per day, vega per vol point). */
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  underlyingPrice: number;
}

export interface RiskReportInput {
  holdings: readonly ReportHolding[];
  /** The holdings' and the benchmark's daily closes. */
  closes: ReadonlyMap<string, DailyCloses>;
  benchmark: string;
  /** Days of returns the statistics use (the latest ones). */
  window: number;
  /** Signed shares each order source (a bot, the ticket) holds per symbol, from its fills. */
  bySource: ReadonlyArray<{ source: string; symbol: string; qty: number }>;
  /** Marks for the by-source values (dollars per share). */
  marks: ReadonlyMap<string, number>;
  greeks: readonly OptionHoldingGreeks[];
  /** The account's equity now; the denominator of weights and the portfolio beta (net value of the holdings without it). */
  equity: number | null;
}

export interface ExposureRow {
  key: string;
  long: number;
  short: number;
  net: number;
  gross: number;
}

export interface RiskReport {
  asOf: number | null;
  days: number;
  equity: number | null;
  direction: { long: number; short: number; net: number; gross: number };
  bySymbol: Array<ExposureRow & { qty: number; weight: number | null; beta: number | null; sector: string }>;
  bySector: ExposureRow[];
  byBot: ExposureRow[];
  beta: { benchmark: string; portfolio: number | null; dollarBeta: number | null };
  /** Losses in dollars (positive) of the holdings' value today over one day. */
  var: { p95: { var: number; es: number } | null; p99: { var: number; es: number } | null; tailDays95: number; tailDays99: number };
  correlation: { symbols: string[]; matrix: Array<Array<number | null>> };
  greeks: { delta: number; gamma: number; theta: number; vega: number; contracts: number };
  /** Of today's holdings over the window (fractions of the peak). */
  drawdown: { max: number; current: number } | null;
  notes: string[];
}

function row(key: string): ExposureRow {
  return { key, long: 0, short: 0, net: 0, gross: 0 };
}

function add(r: ExposureRow, value: number): void {
  if (value >= 0) r.long += value;
  else r.short += -value;
  r.net += value;
  r.gross += Math.abs(value);
}

function grouped(entries: Iterable<[string, number]>): ExposureRow[] {
  const by = new Map<string, ExposureRow>();
  for (const [key, value] of entries) {
    let r = by.get(key);
    if (!r) by.set(key, (r = row(key)));
    add(r, value);
  }
  return [...by.values()].sort((a, b) => b.gross - a.gross);
}

/**
 * Aligns closes on the dates every listed symbol traded and returns the latest `window` daily returns per symbol
 * (columns in `symbols` order) with the dates' times.
 */
export function alignedDailyReturns(symbols: readonly string[], closes: ReadonlyMap<string, DailyCloses>, window: number): { times: number[]; returns: number[][]; levels: number[][] } {
  const maps = symbols.map((s) => {
    const series = closes.get(s);
    const m = new Map<number, number>();
    if (series) for (let i = 0; i < series.t.length; i++) if (series.c[i]! > 0) m.set(series.t[i]!, series.c[i]!);
    return m;
  });
  if (maps.length === 0) return { times: [], returns: [], levels: [] };
  const times = [...maps[0]!.keys()].filter((t) => maps.every((m) => m.has(t))).sort((a, b) => a - b);
  const kept = times.slice(Math.max(0, times.length - window - 1));
  const levels = maps.map((m) => kept.map((t) => m.get(t)!));
  const returns = levels.map((l) => l.slice(1).map((v, i) => v / l[i]! - 1));
  return { times: kept.slice(1), returns, levels };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The risk report of the book held now: exposures, beta, VaR and ES, correlations, greeks, drawdown. Pure. */
export function buildRiskReport(input: RiskReportInput): RiskReport {
  const notes: string[] = [];
  const direction = row('all');
  for (const h of input.holdings) add(direction, h.value);
  const stocks = input.holdings.filter((h) => h.kind === 'stock' && h.qty !== 0);
  const withHistory = stocks.filter((h) => (input.closes.get(h.symbol)?.t.length ?? 0) > 2);
  for (const h of stocks) if (!withHistory.includes(h)) notes.push(`${h.symbol}: no daily history, left out of beta, VaR and correlation`);
  if (input.holdings.some((h) => h.kind === 'option')) notes.push('options count in exposure at their market value and in the greeks; VaR and beta cover the shares held');
  const hasBench = (input.closes.get(input.benchmark)?.t.length ?? 0) > 2;
  if (!hasBench) notes.push(`no daily history of ${input.benchmark}: no beta`);
  const symbols = withHistory.map((h) => h.symbol);
  const series = hasBench ? [...symbols, input.benchmark] : symbols;
  const aligned = alignedDailyReturns(series, input.closes, input.window);
  const days = aligned.times.length;
  const denominator = input.equity !== null && input.equity > 0 ? input.equity : direction.net !== 0 ? Math.abs(direction.net) : Number.NaN;

  const betas = new Map<string, number>();
  let portfolioBeta: number | null = null;
  let dollarBeta: number | null = null;
  // P&L of today's holdings on each past day: value x that day's return, summed over the holdings.
  const pnl = new Array<number>(days).fill(0);
  withHistory.forEach((h, i) => {
    const r = aligned.returns[i]!;
    for (let d = 0; d < days; d++) pnl[d]! += h.value * r[d]!;
  });
  if (hasBench && days >= 2) {
    const bench = aligned.returns[series.length - 1]!;
    withHistory.forEach((h, i) => betas.set(h.symbol, beta(aligned.returns[i]!, bench)));
    // OLS is linear: the beta of the P&L series is the value-weighted sum of the holdings' betas.
    const db = beta(pnl, bench);
    dollarBeta = finite(db);
    portfolioBeta = finite(db / denominator);
  }
  const tail95 = historicalVarEs(pnl, 0.95);
  const tail99 = historicalVarEs(pnl, 0.99);
  if (withHistory.length > 0 && days < 100) notes.push(`only ${days} days of common history: VaR and ES rest on few tail days`);
  const level = (t: { var: number; es: number }) => (days > 0 && withHistory.length > 0 ? { var: t.var, es: t.es } : null);

  const corr = correlationMatrix(aligned.returns.slice(0, symbols.length));
  const equityPath = new Array<number>(days + 1).fill(0);
  withHistory.forEach((h, i) => {
    const l = aligned.levels[i]!;
    const last = l[l.length - 1]!;
    for (let d = 0; d < l.length; d++) equityPath[d]! += (h.value * l[d]!) / last;
  });
  // Short books and empty ones have no meaningful peak: the drawdown of a path that is not positive is left out.
  const dd = days > 0 && equityPath.every((v) => v > 0) ? drawdown(equityPath) : null;

  const greeks = { delta: 0, gamma: 0, theta: 0, vega: 0, contracts: 0 };
  for (const g of input.greeks) {
    const shares = g.qty * 100;
    greeks.delta += g.delta * shares * g.underlyingPrice;
    // Dollar gamma: the change in dollar delta for a 1% move of the underlying.
    greeks.gamma += g.gamma * shares * g.underlyingPrice * g.underlyingPrice * 0.01;
    greeks.theta += g.theta * shares;
    greeks.vega += g.vega * shares;
    greeks.contracts += Math.abs(g.qty);
  }

  return {
    asOf: aligned.times.at(-1) ?? null,
    days,
    equity: input.equity,
    direction: { long: direction.long, short: direction.short, net: direction.net, gross: direction.gross },
    bySymbol: input.holdings
      .map((h) => {
        const r = row(h.symbol);
        add(r, h.value);
        return { ...r, qty: h.qty, sector: h.sector, weight: finite(h.value / denominator), beta: finite(betas.get(h.symbol) ?? Number.NaN) };
      })
      .sort((a, b) => b.gross - a.gross),
    bySector: grouped(input.holdings.map((h) => [h.sector, h.value])),
    byBot: grouped(input.bySource.filter((s) => s.qty !== 0).map((s) => [s.source, s.qty * (input.marks.get(s.symbol) ?? 0)])),
    beta: { benchmark: input.benchmark, portfolio: portfolioBeta, dollarBeta },
    var: { p95: level(tail95), p99: level(tail99), tailDays95: tail95.tailDays, tailDays99: tail99.tailDays },
    correlation: { symbols, matrix: corr.map((r) => r.map(finite)) },
    greeks,
    drawdown: dd ? { max: dd.max, current: dd.current } : null,
    notes,
  };
}

/**
 * Each order source's signed holding per symbol from the journal's fills, with what the broker holds beyond them
 * (positions opened before this journal, or outside the workstation) under `unattributed`, so the by-bot rows add
 * up to the positions.
 */
export function attributeBySource(
  fills: Iterable<{ source: string; symbol: string; side: 'buy' | 'sell'; qty: number }>,
  positions: ReadonlyArray<{ symbol: string; qty: number }>,
  unattributed = 'outside the journal',
): Array<{ source: string; symbol: string; qty: number }> {
  const out = new Map<string, { source: string; symbol: string; qty: number }>();
  const bySymbol = new Map<string, number>();
  for (const f of fills) {
    const key = `${f.source}\u0000${f.symbol}`;
    let entry = out.get(key);
    if (!entry) out.set(key, (entry = { source: f.source, symbol: f.symbol, qty: 0 }));
    const signed = (f.side === 'buy' ? 1 : -1) * f.qty;
    entry.qty += signed;
    bySymbol.set(f.symbol, (bySymbol.get(f.symbol) ?? 0) + signed);
  }
  for (const p of positions) {
    const rest = p.qty - (bySymbol.get(p.symbol) ?? 0);
    if (Math.abs(rest) > 1e-9) out.set(`${unattributed}\u0000${p.symbol}`, { source: unattributed, symbol: p.symbol, qty: rest });
  }
  return [...out.values()].filter((e) => Math.abs(e.qty) > 1e-9);
}
