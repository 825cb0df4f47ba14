import { analysePosition, firstExpiry, payoffCurve, positionGreeks, type Greeks, type Market, type PositionAnalysis } from '../../../src-shared/options/index.js';
import type { BuilderLeg } from './legs.js';
import { toPricingLegs } from './legs.js';

export interface PayoffView {
  /** P/L at the first expiry and at the chosen date, on the same price grid. */
  expiry: Array<[number, number]>;
  atDate: Array<[number, number]>;
  /** Years from now to the first expiry and to the chosen date. */
  expiryYears: number;
  dateYears: number;
  analysis: PositionAnalysis;
  greeks: Greeks;
}

/**
 * The builder's figures, computed in the renderer with the shared pricing library: `fraction` of the way from now to
 * the first expiry (0 = today, 1 = expiry) is the slider's date.
 */
export function computePayoff(legs: readonly BuilderLeg[], market: Market, now: number, fraction: number): PayoffView {
  const priced = toPricingLegs(legs, now);
  const expiryYears = firstExpiry(priced);
  const dateYears = expiryYears * Math.min(1, Math.max(0, fraction));
  const options = legs.filter((l) => l.type !== 'stock');
  const lo = options.reduce((least, l) => Math.min(least, l.strike), market.spot) * 0.7;
  const hi = options.reduce((most, l) => Math.max(most, l.strike), market.spot) * 1.3;
  const pairs = (t: number) => payoffCurve(priced, market, t, lo, hi, 241).map((p): [number, number] => [p.spot, p.pnl]);
  return {
    expiry: pairs(expiryYears),
    atDate: pairs(dateYears),
    expiryYears,
    dateYears,
    analysis: analysePosition(priced, market),
    greeks: positionGreeks(priced, market),
  };
}
