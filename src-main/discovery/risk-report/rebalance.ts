import { CodedError } from '../../../src-shared/ipc/errors.js';
import { ledoitWolf, meanReturns } from '../portfolio/covariance.js';
import { hierarchicalRiskParity } from '../portfolio/hrp.js';
import { meanVariance, riskParity } from '../portfolio/optimisers.js';
import { bounds, portfolioVariance } from '../portfolio/weights.js';
import { planOrders, type OrderPlan } from '../../kernel/portfolio/execution-plan.js';

export const REBALANCE_METHODS = ['min-variance', 'risk-parity', 'hrp', 'mean-variance'] as const;
export type RebalanceMethod = (typeof REBALANCE_METHODS)[number];

export interface RebalanceInput {
  method: RebalanceMethod;
  symbols: readonly string[];
  /** Rows are days, columns the symbols (aligned daily returns). */
  returns: ReadonlyArray<ArrayLike<number>>;
  /** Signed shares held now, per symbol. */
  held: ReadonlyMap<string, number>;
  /** The last price per symbol. */
  prices: ReadonlyMap<string, number>;
  /** Average daily volume per symbol (shares); NaN when unknown. */
  avgVolume: ReadonlyMap<string, number>;
  /** Dollars the target weights are of (the value to hold across the symbols). */
  capital: number;
  maxWeight: number;
  riskAversion: number;
  /** An order of at least this share of the average volume goes to TWAP (the bots' execution rule). */
  algoVolumeShare: number;
}

export interface RebalancePlan {
  weights: Array<{ symbol: string; target: number; current: number; targetQty: number; price: number }>;
  trades: OrderPlan[];
  expectedVolatility: number;
  shrinkage: number;
}

/**
 * The optimiser's long-only target weights over the symbols (Ledoit-Wolf covariance of their daily returns), turned
 * into whole-share targets of `capital` and the orders from what is held to them, sized into market orders or a
 * TWAP by the same rule the bots' execution uses. Pure: the caller previews and sends the orders through risk.
 */
export function planRebalance(input: RebalanceInput): RebalancePlan {
  const p = input.symbols.length;
  if (p < 2) throw new CodedError('BAD_REQUEST', 'a rebalance needs at least two symbols with a daily history: hold or add more');
  if (input.returns.length < 20) throw new CodedError('BAD_REQUEST', `only ${input.returns.length} days where every symbol traded: a rebalance needs 20 or more`);
  if (!(input.capital > 0)) throw new CodedError('BAD_REQUEST', 'no capital to rebalance: the holdings are worth nothing and no amount was given');
  const shrunk = ledoitWolf(input.returns);
  const limits = bounds(p, { upper: Math.max(input.maxWeight, 1 / p) });
  let w: Float64Array;
  if (input.method === 'min-variance') w = meanVariance({ cov: shrunk.matrix, size: p, bounds: limits });
  else if (input.method === 'mean-variance') w = meanVariance({ cov: shrunk.matrix, size: p, expected: meanReturns(input.returns), riskAversion: input.riskAversion, bounds: limits });
  else if (input.method === 'risk-parity') w = riskParity(shrunk.matrix, p);
  else w = hierarchicalRiskParity(shrunk.matrix, p).weights;
  const weights = input.symbols.map((symbol, i) => {
    const price = input.prices.get(symbol) ?? Number.NaN;
    if (!(price > 0)) throw new CodedError('NOT_FOUND', `no price for ${symbol}: its quote and bars are missing`);
    const held = input.held.get(symbol) ?? 0;
    return { symbol, target: w[i]!, current: (held * price) / input.capital, targetQty: Math.round((w[i]! * input.capital) / price), price };
  });
  const trades = planOrders(
    weights.map((x) => ({ symbol: x.symbol, qty: x.targetQty, weight: x.target, cause: `${input.method} target ${(x.target * 100).toFixed(1)}%` })),
    (symbol) => ({ held: input.held.get(symbol) ?? 0, pending: 0, avgVolume: input.avgVolume.get(symbol) ?? Number.NaN, price: input.prices.get(symbol)! }),
    { algoVolumeShare: input.algoVolumeShare, orderType: 'market', limitOffsetBps: 0 },
  );
  return { weights, trades, expectedVolatility: Math.sqrt(portfolioVariance(shrunk.matrix, p, w) * 252), shrinkage: shrunk.shrinkage };
}
