import type { Bar } from '../../../src-shared/domain/bar.js';
import { headlineCutoff as closeOf } from '../../../src-shared/domain/news-cutoff.js';
import { feature, type FeatureContext, type FeatureDef, type ScoredHeadline } from './feature.js';

/**
 * The mean sentiment score of the symbol's headlines published before the close of the last `bars` bars (this one
 * and the `bars - 1` before it), 0 (neutral) where none was. Headlines come from the context (a fixed list or a growing one); the state walks them
 * in time order, so a headline published at or after the current bar's close is never read. NaN for the first
 * `bars` bars of a history, as the declared lookback says (the window reaches before the first bar).
 */
export function newsSentimentFeature(bars: number): FeatureDef {
  const def = feature(
    `news-sentiment-${bars}`,
    bars,
    `mean headline sentiment (project word list, -1 to 1) over the last ${bars} bar${bars > 1 ? 's' : ''}, only headlines published before each bar's close`,
    (context?: FeatureContext) => {
      // A live source (a strategy's headlines, appended as they arrive, in time order) is read in place, so the
      // walk below sees each new headline at the next bar; a fixed list is copied and sorted once.
      const news: readonly ScoredHeadline[] = context?.liveNews?.items ?? [...(context?.news ?? [])].filter((h) => Number.isFinite(h.t) && Number.isFinite(h.score)).sort((a, b) => a.t - b.t);
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
