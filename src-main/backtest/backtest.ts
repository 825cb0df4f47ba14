import { createHash } from 'node:crypto';
import type { Bar } from '../../src-shared/domain/bar.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { runEngine, type EngineOptions, type FillRecord, type OrderRecord } from './engine.js';
import { accountModel, fillModel, type AccountModel, type FillModel } from './fill-model.js';
import { MarketData, toColumns } from './market-data.js';
import { computeMetrics, periodsPerYear, type Metrics } from './metrics.js';
import type { ClosedTrade } from './trades.js';
import type { Decision, DecisionCode } from '../kernel/portfolio/decisions.js';
import type { ProtectionLock } from '../kernel/protections/settings.js';

/**
 * The equity marked at every close, as two columns: a million-bar run would otherwise allocate a million point
 * objects it rarely needs. `equityPoints` makes the objects when an output asks for them.
 */
export interface EquityCurve {
  t: Float64Array;
  value: Float64Array;
}

export function equityPoints(curve: EquityCurve): Array<{ t: EpochMs; value: number }> {
  return Array.from(curve.t, (t, i) => ({ t, value: curve.value[i]! }));
}

/** Everything one backtest produced, in the shape the CLI writes as JSON and the results store keeps. */
export interface BacktestResult {
  strategy: string;
  params: Record<string, unknown>;
  symbols: string[];
  from: EpochMs;
  to: EpochMs;
  bars: number;
  fillModel: FillModel;
  account: AccountModel;
  finalValue: number;
  cash: number;
  positions: Record<string, number>;
  closedTrades: number;
  metrics: Metrics;
  trades: ClosedTrade[];
  openTrades: ReturnType<import('./trades.js').TradeBook['openTrades']>;
  fills: FillRecord[];
  orders: OrderRecord[];
  /** SHA-256 of the order list (JSON): the golden regression tests pin it. */
  ordersHash: string;
  equity: EquityCurve;
  logs: Array<{ t: EpochMs; level: 'info' | 'warn'; message: string }>;
  cancelled: boolean;
  /** Why signals did not become orders (no cash, protection, stale data...), and the insight orders that did. */
  decisions: Decision[];
  decisionCounts: Partial<Record<DecisionCode, number>>;
  /** Protection locks the run made (with protections on). */
  locks: ProtectionLock[];
}

export type RunOptions = Omit<EngineOptions, 'record'>;

export function hashOrders(orders: readonly OrderRecord[]): string {
  return createHash('sha256').update(JSON.stringify(orders)).digest('hex');
}

/** Runs a strategy over prepared data and gathers the full result (fills, orders, trades, equity, metrics). */
export function runBacktest(definition: StrategyDefinition, params: Record<string, unknown>, data: MarketData, options: RunOptions = {}): BacktestResult {
  const fill = fillModel.parse(options.fill ?? {});
  const account = accountModel.parse(options.account ?? {});
  const run = runEngine(definition, params, data, { ...options, fill, account, record: true });
  const metrics = computeMetrics({
    equity: run.equity,
    exposed: run.exposed,
    times: run.times,
    trades: run.trades.closed,
    tradedNotional: run.tradedNotional,
    commissions: run.commissions,
    periodsPerYear: periodsPerYear(definition.timeframe),
  });
  const equity: EquityCurve = { t: run.times, value: run.equity.subarray(1) };
  return {
    strategy: definition.name,
    params,
    symbols: data.symbols,
    from: run.times[0] ?? 0,
    to: run.times[run.times.length - 1] ?? 0,
    bars: run.bars,
    fillModel: fill,
    account,
    finalValue: run.finalValue,
    cash: run.cash,
    positions: run.positions,
    closedTrades: run.trades.closed.length,
    metrics,
    trades: run.trades.closed,
    openTrades: run.trades.openTrades(run.marks),
    fills: run.fills,
    orders: run.orders,
    ordersHash: hashOrders(run.orders),
    equity,
    logs: run.logs,
    cancelled: run.cancelled,
    decisions: run.decisions,
    decisionCounts: run.decisionCounts,
    locks: run.locks,
  };
}

/** Convenience for one symbol's bars. */
export function backtestBars(definition: StrategyDefinition, params: Record<string, unknown>, symbol: string, bars: readonly Bar[], options: RunOptions = {}): BacktestResult {
  return runBacktest(definition, params, new MarketData([toColumns(symbol, bars)]), options);
}
