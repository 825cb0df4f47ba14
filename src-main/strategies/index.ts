import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { etfBasketArb } from './arbitrage/etf-basket-arb.js';
import { pairsTrading } from './arbitrage/pairs-trading.js';
import { statArb } from './arbitrage/stat-arb.js';
import { createEnsemble } from './ensemble/ensemble.js';
import { intradayStatArb } from './microstructure/intraday-stat-arb.js';
import { marketMaking } from './microstructure/market-making.js';
import { orderFlowImbalance } from './microstructure/order-flow-imbalance.js';
import { mlSignal } from './ml/ml-signal.js';
import { smaCross } from './sma-cross.js';
import { breakout } from './stock/breakout.js';
import { earningsMomentum } from './stock/earnings-momentum.js';
import { meanReversion } from './stock/mean-reversion.js';
import { momentum } from './stock/momentum.js';
import { sectorRotation } from './stock/sector-rotation.js';
import { swing } from './stock/swing.js';
import { trendFollowing } from './stock/trend-following.js';

/** The strategies that stand alone, by name (the id the CLI, bots and sweeps use). */
const BASE: ReadonlyMap<string, StrategyDefinition> = new Map<string, StrategyDefinition>(
  [smaCross, meanReversion, breakout, trendFollowing, swing, momentum, sectorRotation, earningsMomentum, pairsTrading, statArb, etfBasketArb, mlSignal, marketMaking, orderFlowImbalance, intradayStatArb].map((d) => [d.name, d as unknown as StrategyDefinition]),
);

/** Every strategy the workstation ships, by name; the ensemble votes with members drawn from the others. */
export const STRATEGIES: ReadonlyMap<string, StrategyDefinition> = new Map<string, StrategyDefinition>([...BASE, ['ensemble', createEnsemble(BASE) as unknown as StrategyDefinition]]);

export function strategyNames(): string[] {
  return [...STRATEGIES.keys()];
}
