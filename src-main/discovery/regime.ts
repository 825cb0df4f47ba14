import type { VolatilityRegime } from './signal.js';

/** Bars of log returns behind the regime's volatility. */
export const REGIME_BARS = 20;
/** Annualised volatility below which a symbol is calm, and above which it is turbulent. */
export const CALM_BELOW = 0.2;
export const TURBULENT_ABOVE = 0.4;

/**
 * The volatility regime of a symbol at bar `i`: the annualised standard deviation of its last 20 close-to-close log
 * returns up to and including bar i (nothing after it), against fixed bands (below 20%: calm; above 40%:
 * turbulent). Fixed bands, not the symbol's own history, so a regime means the same for every symbol and strategy.
 * Fewer than 5 returns: 'normal'.
 */
export function volatilityRegime(close: Float64Array, i: number, periodsPerYear: number): VolatilityRegime {
  const from = Math.max(1, i - REGIME_BARS + 1);
  const n = i - from + 1;
  if (n < 5) return 'normal';
  let sum = 0;
  let sumSq = 0;
  for (let k = from; k <= i; k++) {
    const r = Math.log(close[k]! / close[k - 1]!);
    sum += r;
    sumSq += r * r;
  }
  const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  const vol = Math.sqrt(variance * periodsPerYear);
  if (!Number.isFinite(vol)) return 'normal';
  return vol < CALM_BELOW ? 'calm' : vol > TURBULENT_ABOVE ? 'turbulent' : 'normal';
}
