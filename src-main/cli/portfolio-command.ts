// `workstation portfolio` (weights from the portfolio optimiser) and `workstation allocate` (the bandit's capital
// split across strategies, backtested). Pure computations over bars from files or the history store.
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { loadData } from '../backtest/load-data.js';
import type { MarketData } from '../backtest/market-data.js';
import { runBacktest } from '../backtest/backtest.js';
import { STRATEGIES, strategyNames } from '../strategies/index.js';
import { ledoitWolf, meanReturns, type ReturnMatrix } from '../discovery/portfolio/covariance.js';
import { meanVariance, riskParity } from '../discovery/portfolio/optimisers.js';
import { hierarchicalRiskParity } from '../discovery/portfolio/hrp.js';
import { annealSelectK, assetSelectionQubo } from '../discovery/portfolio/select-k.js';
import { bounds, limitTurnover, portfolioVariance, riskContributions } from '../discovery/portfolio/weights.js';
import { runMetaAllocation } from '../discovery/allocation/meta-allocation.js';
import { writeFileSync } from 'node:fs';

export const PORTFOLIO_HELP = `workstation portfolio (--data FILE ... | --symbol SYM ... [--data-dir DIR]) [options]

  Target weights from daily closes (the last --lookback returns, default 252), covariance shrunk by Ledoit-Wolf.
  --method mean-variance|min-variance|risk-parity|hrp|select-k   (default min-variance)
  --risk-aversion L   mean-variance's lambda in w'mu - L/2 w'Cov w (default 5)
  --max-weight W      largest weight per asset (default 1); weights are long only and sum to 1
  --k N               select-k: how many assets to hold (equal weights), chosen by simulated annealing
  --current SYM=W     the weights held now (repeat); with --max-turnover T the move is capped at T (sum of |change|)
  --json OUT          the result as JSON ("-" for stdout)

workstation allocate --strategy NAME --strategy NAME ... (--data FILE ... | --symbol SYM ...) [options]

  Backtests each strategy (default parameters) over the bars, then splits capital across them day by day with a
  bandit on their risk-adjusted daily results; each day's split uses earlier days only.
  --method thompson|exp3   (default thompson)   --min-weight W --max-weight W   per-strategy limits
  --seed N   --json OUT
`;

const OPTIONS = {
  data: { type: 'string', multiple: true },
  symbol: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  strategy: { type: 'string', multiple: true },
  method: { type: 'string' },
  lookback: { type: 'string' },
  'risk-aversion': { type: 'string' },
  'max-weight': { type: 'string' },
  'min-weight': { type: 'string' },
  k: { type: 'string' },
  current: { type: 'string', multiple: true },
  'max-turnover': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const bad = (message: string): CodedError => new CodedError('BAD_REQUEST', message);

function num(value: string | undefined, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw bad(`${name} must be ${rule}, got "${value}"`);
  return n;
}

function loadBars(values: { data?: string[]; symbol?: string[]; 'data-dir'?: string }): MarketData {
  if (!values.data?.length && !values.symbol?.length) throw bad('give the bars: --data FILE (repeat) or --symbol SYM (repeat) from the history store');
  return loadData({
    ...(values.data?.length ? { files: values.data } : {}),
    ...(values.symbol?.length ? { symbols: values.symbol } : {}),
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
  }).data;
}

/** Daily close-to-close returns on the dates every symbol traded, the last `lookback` of them. */
export function alignedReturns(data: MarketData, lookback: number): { returns: number[][]; times: number[] } {
  const byTime = new Map<number, Float64Array>();
  const p = data.symbols.length;
  data.columns.forEach((col, s) => {
    for (let i = 0; i < col.t.length; i++) {
      let row = byTime.get(col.t[i]!);
      if (!row) byTime.set(col.t[i]!, (row = new Float64Array(p).fill(Number.NaN)));
      row[s] = col.c[i]!;
    }
  });
  const times = [...byTime.keys()].filter((t) => byTime.get(t)!.every((v) => Number.isFinite(v))).sort((a, b) => a - b);
  const returns: number[][] = [];
  const at: number[] = [];
  for (let k = 1; k < times.length; k++) {
    const a = byTime.get(times[k - 1]!)!;
    const b = byTime.get(times[k]!)!;
    returns.push(Array.from(b, (v, s) => v / a[s]! - 1));
    at.push(times[k]!);
  }
  const from = Math.max(0, returns.length - lookback);
  return { returns: returns.slice(from), times: at.slice(from) };
}

function output(json: string | undefined, value: unknown, text: string): number {
  if (json === '-') process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else {
    if (json !== undefined) writeFileSync(json, `${JSON.stringify(value, null, 2)}\n`);
    process.stdout.write(text);
  }
  return 0;
}

export function runPortfolioCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(PORTFOLIO_HELP);
    return 0;
  }
  const method = values.method ?? 'min-variance';
  const methods = ['mean-variance', 'min-variance', 'risk-parity', 'hrp', 'select-k'];
  if (!methods.includes(method)) throw bad(`--method must be one of ${methods.join(', ')}, got "${method}"`);
  const data = loadBars(values);
  const p = data.symbols.length;
  if (p < 2) throw bad('a portfolio needs at least two symbols');
  const lookback = num(values.lookback, '--lookback', 252, (n) => Number.isInteger(n) && n >= 20, 'a whole number of 20 or more');
  const { returns, times } = alignedReturns(data, lookback);
  if (returns.length < 20) throw bad(`only ${returns.length} days where every symbol traded: give longer or overlapping histories`);
  const shrunk = ledoitWolf(returns as ReturnMatrix);
  const mu = meanReturns(returns);
  const maxWeight = num(values['max-weight'], '--max-weight', 1, (n) => n > 0 && n <= 1, 'in (0, 1]');
  const limits = bounds(p, { upper: maxWeight });
  const lambda = num(values['risk-aversion'], '--risk-aversion', 5, (n) => n > 0, 'above 0');
  let weights: Float64Array;
  if (method === 'mean-variance') weights = meanVariance({ cov: shrunk.matrix, size: p, expected: mu, riskAversion: lambda, bounds: limits });
  else if (method === 'min-variance') weights = meanVariance({ cov: shrunk.matrix, size: p, bounds: limits });
  else if (method === 'risk-parity') weights = riskParity(shrunk.matrix, p);
  else if (method === 'hrp') weights = hierarchicalRiskParity(shrunk.matrix, p).weights;
  else {
    const k = num(values.k, '--k', Math.max(1, Math.floor(p / 2)), (n) => Number.isInteger(n) && n >= 1 && n <= p, `a whole number from 1 to ${p}`);
    const picked = annealSelectK(assetSelectionQubo(shrunk.matrix, p, mu, k, lambda), k, { seed: num(values.seed, '--seed', 1, Number.isInteger, 'a whole number') });
    weights = Float64Array.from(picked.chosen, (x) => x / k);
  }
  const current = new Float64Array(p);
  for (const entry of values.current ?? []) {
    const [sym, w] = entry.split('=');
    const at = data.symbols.indexOf(sym ?? '');
    if (at < 0 || w === undefined || !Number.isFinite(Number(w))) throw bad(`--current takes SYM=WEIGHT for a symbol of the data, got "${entry}"`);
    current[at] = Number(w);
  }
  let turnover: ReturnType<typeof limitTurnover> | undefined;
  if (values['max-turnover'] !== undefined) {
    turnover = limitTurnover(weights, current, num(values['max-turnover'], '--max-turnover', 1, (n) => n >= 0, '0 or more'));
    weights = turnover.weights;
  }
  const contributions = riskContributions(shrunk.matrix, p, weights);
  const annualVol = Math.sqrt(portfolioVariance(shrunk.matrix, p, weights) * 252);
  const rows = data.symbols.map((symbol, s) => ({ symbol, weight: weights[s]!, change: weights[s]! - current[s]!, riskContribution: contributions[s]! }));
  const result = {
    method,
    from: new Date(times[0]!).toISOString().slice(0, 10),
    to: new Date(times.at(-1)!).toISOString().slice(0, 10),
    days: returns.length,
    shrinkage: shrunk.shrinkage,
    expectedVolatility: annualVol,
    ...(turnover ? { turnover: turnover.turnover, turnoverCapped: turnover.capped } : {}),
    weights: rows,
  };
  const text =
    `${method} over ${returns.length} days (${result.from} to ${result.to}), covariance shrinkage ${shrunk.shrinkage.toFixed(3)}, expected volatility ${(annualVol * 100).toFixed(2)} % a year\n` +
    rows.map((r) => `  ${r.symbol.padEnd(8)} ${(r.weight * 100).toFixed(2).padStart(7)} %  risk ${(r.riskContribution * 100).toFixed(1).padStart(5)} %`).join('\n') +
    '\n';
  return output(values.json, result, text);
}

export function runAllocateCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(PORTFOLIO_HELP);
    return 0;
  }
  const names = values.strategy ?? [];
  if (names.length < 2) throw bad('allocate needs at least two strategies: --strategy NAME (repeat)');
  const method = values.method ?? 'thompson';
  if (method !== 'thompson' && method !== 'exp3') throw bad(`--method must be thompson or exp3, got "${method}"`);
  const data = loadBars(values);
  const curves = names.map((name) => {
    const definition = STRATEGIES.get(name);
    if (!definition) throw bad(`unknown strategy "${name}" (known: ${strategyNames().join(', ')})`);
    const run = runBacktest(definition, definition.params.parse({}) as Record<string, unknown>, data);
    return { t: run.equity.t, value: run.equity.value, start: run.metrics.startValue };
  });
  // Every strategy ran over the same bars: the same marks, one return per mark.
  const days = curves[0]!.value.length;
  const returns: number[][] = [];
  for (let i = 0; i < days; i++) returns.push(curves.map((c) => (i === 0 ? c.value[0]! / c.start - 1 : c.value[i]! / c.value[i - 1]! - 1)));
  const lower = num(values['min-weight'], '--min-weight', 0, (n) => n >= 0 && n < 1, 'in [0, 1)');
  const upper = num(values['max-weight'], '--max-weight', 1, (n) => n > 0 && n <= 1, 'in (0, 1]');
  const run = runMetaAllocation({ method, returns, limits: bounds(names.length, { lower, upper }), seed: num(values.seed, '--seed', 1, Number.isInteger, 'a whole number') });
  const finalEach = curves.map((c) => c.value[days - 1]! / c.start - 1);
  const result = {
    method,
    strategies: names,
    days,
    totalReturn: run.equity[days]! - 1,
    strategyReturns: Object.fromEntries(names.map((n, i) => [n, finalEach[i]!])),
    finalWeights: Object.fromEntries(names.map((n, i) => [n, run.weights.at(-1)![i]!])),
    weights: run.weights.map((w, i) => ({ t: curves[0]!.t[i]!, w: Array.from(w) })),
  };
  const text =
    `${method} allocation over ${days} bars: total return ${(result.totalReturn * 100).toFixed(2)} %\n` +
    names.map((n, i) => `  ${n.padEnd(20)} alone ${(finalEach[i]! * 100).toFixed(2).padStart(8)} %   final weight ${(run.weights.at(-1)![i]! * 100).toFixed(1).padStart(5)} %`).join('\n') +
    '\n';
  return output(values.json, result, text);
}
