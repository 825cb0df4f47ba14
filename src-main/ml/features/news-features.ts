import type { Bar } from '../../../src-shared/domain/bar.js';
import { feature, type FeatureContext, type FeatureDef, type ScoredHeadline } from './feature.js';

const DAY_MS = 86_400_000;
/**
 * A daily bar is stamped at midnight New York; its regular session closes 16 hours later. A daily bar stamped
 * otherwise (e.g. at midnight UTC) then sees headlines only up to an earlier hour: fewer, never later ones.
 */
const DAILY_CLOSE_AFTER_STAMP_MS = 16 * 3_600_000;

/** When a bar closes: its stamp plus its length (intraday), or the session close (daily and longer). */
function closeOf(t: number, barMs: number): number {
  return barMs >= DAY_MS ? t + DAILY_CLOSE_AFTER_STAMP_MS : t + barMs;
}

/**
 * The mean sentiment score of the symbol's headlines published before the close of the last `bars` bars (this one
 * and the `bars - 1` before it), 0 (neutral) where none was. Headlines come from the context; the state walks them
 * in time order, so a headline published at or after the current bar's close is never read. NaN for the first
 * `bars` bars of a history, as the declared lookback says (the window reaches before the first bar).
 */
export function newsSentimentFeature(bars: number): FeatureDef {
  const def = feature(
    `news-sentiment-${bars}`,
    bars,
    `mean headline sentiment (project word list, -1 to 1) over the last ${bars} bar${bars > 1 ? 's' : ''}, only headlines published before each bar's close`,
    (context?: FeatureContext) => {
      const news: ScoredHeadline[] = [...(context?.news ?? [])].filter((h) => Number.isFinite(h.t) && Number.isFinite(h.score)).sort((a, b) => a.t - b.t);
      // The stamps of this bar and the `bars` before it: the oldest one's close opens the window.
      const stamps: number[] = [];
      let barMs = context?.barMs ?? Number.NaN;
      // Headlines [first, next) are those in the window: before this bar's close, at or after the window's opening.
      let first = 0;
      let next = 0;
      let sum = 0;
      return (bar: Readonly<Bar>): number => {
        const previous = stamps[stamps.length - 1];
        // The bar length from the bars seen so far (their smallest gap), where the caller did not give it.
        if (context?.barMs === undefined && previous !== undefined && bar.t > previous) barMs = barMs === barMs ? Math.min(barMs, bar.t - previous) : bar.t - previous;
        stamps.push(bar.t);
        if (stamps.length > bars + 1) stamps.shift();
        if (stamps.length <= bars || !(barMs > 0)) return Number.NaN;
        const close = closeOf(bar.t, barMs);
        const opens = closeOf(stamps[0]!, barMs);
        while (next < news.length && news[next]!.t < close) sum += news[next++]!.score;
        while (first < next && news[first]!.t < opens) sum -= news[first++]!.score;
        if (first === next) sum = 0;
        const count = next - first;
        return count > 0 ? sum / count : 0;
      };
    },
  );
  return { ...def, missing: '0 (neutral) where no headline about the symbol was published in the window, or no news was given' };
}
