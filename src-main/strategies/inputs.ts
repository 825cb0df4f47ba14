import { CodedError } from '../../src-shared/ipc/errors.js';
import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { parseBasketWeights } from './arbitrage/basket-weights.js';
import { etfBasketArbWith } from './arbitrage/etf-basket-arb.js';
import { parseEarningsCalendar } from './stock/earnings-calendar.js';
import { earningsMomentumWith } from './stock/earnings-momentum.js';

/** Files a trader gives some strategies, as text (the caller reads them: a strategy opens no file). */
export interface StrategyInputs {
  /** earnings-momentum: `symbol,date` lines. */
  calendar?: { text: string; file: string };
  /** etf-basket-arb: `symbol,weight` lines. */
  weights?: { text: string; file: string };
}

/**
 * The definition of `name` with the inputs it takes; the registered one when none is given. An input the strategy
 * does not take is refused, so a file given to the wrong strategy is not silently ignored.
 */
export function definitionWithInputs(name: string, registered: StrategyDefinition, inputs: StrategyInputs): StrategyDefinition {
  const { calendar, weights } = inputs;
  if (calendar && name !== 'earnings-momentum') throw new CodedError('BAD_REQUEST', `${name} takes no earnings calendar (earnings-momentum does)`);
  if (weights && name !== 'etf-basket-arb') throw new CodedError('BAD_REQUEST', `${name} takes no holdings weights (etf-basket-arb does)`);
  if (calendar) return earningsMomentumWith(parseEarningsCalendar(calendar.text, calendar.file)) as unknown as StrategyDefinition;
  if (weights) return etfBasketArbWith(parseBasketWeights(weights.text, weights.file)) as unknown as StrategyDefinition;
  return registered;
}
