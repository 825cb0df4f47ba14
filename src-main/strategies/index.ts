import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { smaCross } from './sma-cross.js';

/** Every strategy the workstation ships, by name. */
export const STRATEGIES: ReadonlyMap<string, StrategyDefinition> = new Map<string, StrategyDefinition>([[smaCross.name, smaCross as unknown as StrategyDefinition]]);

export function strategyNames(): string[] {
  return [...STRATEGIES.keys()];
}
