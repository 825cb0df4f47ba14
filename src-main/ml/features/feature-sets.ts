import type { Bar } from '../../../src-shared/domain/bar.js';
import type { FeatureContext, FeatureDef, FeatureWriter } from './feature.js';
import { newsSentimentFeature } from './news-features.js';
import { SharedWindows } from './shared-moments.js';
import { allIndicatorFeatures, indicatorFeature } from './indicator-features.js';
import { dayOfWeekFeature, monthFeature, rangeFeature, realisedVolFeature, returnFeature, volumeZFeature } from './price-features.js';

/** Named feature sets (`--features SET`): a model card records the set and the names, so a model gets its inputs back. */
export const FEATURE_SETS = ['basic', 'all', 'news'] as const;
export type FeatureSetName = (typeof FEATURE_SETS)[number];

export class FeatureSetError extends Error {
  readonly code = 'BAD_REQUEST';
}

export function featureSet(name: string): FeatureDef[] {
  switch (name) {
    case 'basic':
      return [
        returnFeature(1), returnFeature(5), returnFeature(20), realisedVolFeature(20), volumeZFeature(20), rangeFeature,
        indicatorFeature('rsi', { period: 14 }), indicatorFeature('macd', {}, 'histogram'), indicatorFeature('bollinger', {}, 'lower'),
        indicatorFeature('atr'), indicatorFeature('adx'), indicatorFeature('stochastic'), indicatorFeature('zscore'), indicatorFeature('sma', { period: 50 }),
        dayOfWeekFeature,
      ];
    case 'news':
      // The basic set plus headline sentiment over the bar and over the last five bars (0 where no headline).
      return [...featureSet('basic'), newsSentimentFeature(1), newsSentimentFeature(5)];
    case 'all':
      return [
        returnFeature(1), returnFeature(2), returnFeature(5), returnFeature(10), returnFeature(20), returnFeature(60),
        realisedVolFeature(10), realisedVolFeature(20), realisedVolFeature(60), volumeZFeature(20), volumeZFeature(60), rangeFeature,
        ...allIndicatorFeatures(), dayOfWeekFeature, monthFeature,
      ];
    default:
      throw new FeatureSetError(`unknown feature set "${name}"; known: ${FEATURE_SETS.join(', ')}`);
  }
}

/** Whether a set reads headlines (its callers then fetch each symbol's news and pass it in the context). */
export function usesNews(defs: readonly FeatureDef[]): boolean {
  return defs.some((d) => d.name.startsWith('news-'));
}

/** The longest lookback of a set: bars of history a prediction needs before its first complete row. */
export function setLookback(defs: readonly FeatureDef[]): number {
  return defs.reduce((m, d) => Math.max(m, d.lookback), 0);
}

/** Streams bars through every feature of a set; `update` returns the row for the bar just fed (reused array). */
export class FeaturePipeline {
  readonly names: readonly string[];
  private readonly writers: FeatureWriter[];
  private readonly row: Float64Array;
  private readonly shared = new SharedWindows();

  constructor(
    readonly defs: readonly FeatureDef[],
    context: FeatureContext = {},
  ) {
    this.names = defs.map((d) => d.name);
    if (new Set(this.names).size !== this.names.length) throw new FeatureSetError('a feature set names one feature twice');
    this.writers = defs.map((d) => {
      if (d.createInto) return d.createInto(context, this.shared);
      const value = d.create(context);
      return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
        out[at] = value(bar);
      };
    });
    this.row = new Float64Array(defs.length);
  }

  update(bar: Readonly<Bar>): Float64Array {
    this.shared.step++;
    for (let j = 0; j < this.writers.length; j++) this.writers[j]!(bar, this.row, j);
    return this.row;
  }
}

/** Feature columns over a whole history, one Float64Array per feature aligned with the bars (NaN until warm). */
export function featureColumns(bars: readonly Readonly<Bar>[], defs: readonly FeatureDef[], context: FeatureContext = {}): Float64Array[] {
  const pipe = new FeaturePipeline(defs, context);
  const cols = defs.map(() => new Float64Array(bars.length));
  for (let i = 0; i < bars.length; i++) {
    const row = pipe.update(bars[i]!);
    for (let j = 0; j < cols.length; j++) cols[j]![i] = row[j]!;
  }
  return cols;
}
