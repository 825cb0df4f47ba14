import type { OptionStrategyDefinition } from '../../kernel/strategy/options.js';
import { butterflyStrategy, calendarSpreadStrategy, ironCondorStrategy, straddleStrategy, strangleStrategy } from './premium.js';
import { coveredCallStrategy, protectivePutStrategy } from './stock-hedge.js';
import { calendarArbitrageStrategy, volatilityArbitrageStrategy, volatilityTradingStrategy } from './volatility.js';

/** The OptionsBot strategies (and the ArbitrageBot's two option ones), by id. */
export const OPTION_STRATEGIES: ReadonlyMap<string, OptionStrategyDefinition> = new Map<string, OptionStrategyDefinition>(
  [ironCondorStrategy, butterflyStrategy, straddleStrategy, strangleStrategy, calendarSpreadStrategy, coveredCallStrategy, protectivePutStrategy, volatilityTradingStrategy, volatilityArbitrageStrategy, calendarArbitrageStrategy].map((d) => [d.name, d as unknown as OptionStrategyDefinition]),
);
