import type { Bar } from '../../../src-shared/domain/bar.js';

/** Bars the portfolio layer reads for volume and volatility. */
export const STATS_BARS = 21;

/**
 * Average volume per bar and annualised realised volatility (sample deviation of log returns) of the given bars,
 * oldest first: what the volatility-targeted weights and the algo choice read. NaN where there are too few bars.
 */
export function barStats(bars: readonly Bar[], periodsPerYear: number): { avgVolume: number; volatility: number } {
  let volume = 0;
  for (const b of bars) volume += b.v;
  const avgVolume = bars.length > 0 ? volume / bars.length : NaN;
  if (bars.length < 3) return { avgVolume, volatility: NaN };
  const r: number[] = [];
  for (let i = 1; i < bars.length; i++) if (bars[i - 1]!.c > 0 && bars[i]!.c > 0) r.push(Math.log(bars[i]!.c / bars[i - 1]!.c));
  if (r.length < 2) return { avgVolume, volatility: NaN };
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1);
  return { avgVolume, volatility: Math.sqrt(variance * periodsPerYear) };
}
