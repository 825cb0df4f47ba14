import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { smaCross } from './sma-cross.js';
import { breakout } from './stock/breakout.js';
import { meanReversion } from './stock/mean-reversion.js';
import { swing } from './stock/swing.js';
import { trendFollowing } from './stock/trend-following.js';

/** Every strategy the workstation ships, by name (the id the CLI, bots and sweeps use). */
export const STRATEGIES: ReadonlyMap<string, StrategyDefinition> = new Map<string, StrategyDefinition>(
  [smaCross, meanReversion, breakout, trendFollowing, swing].map((d) => [d.name, d as unknown as StrategyDefinition]),
);

export function strategyNames(): string[] {
  return [...STRATEGIES.keys()];
}
