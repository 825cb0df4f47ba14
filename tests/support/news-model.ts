import type { Bar } from '../../src-shared/domain/bar.js';
import type { StrategyHeadline } from '../../src-main/kernel/strategy/types.js';
import { featureSet } from '../../src-main/ml/features/feature-sets.js';
import { scoreHeadline } from '../../src-main/news/sentiment.js';
import type { SignalModel } from '../../src-main/strategies/ml/signal-model.js';

/** The 'news' feature set and where its one-bar sentiment sits in a row. */
export const NEWS_DEFS = featureSet('news');
export const NEWS_1 = NEWS_DEFS.findIndex((d) => d.name === 'news-sentiment-1');
/** The tree's threshold on news-sentiment-1, as a float32 value (trees compare float32 inputs). */
export const NEWS_THRESHOLD = Math.fround(0.05);

/**
 * A small hand-built news model over the 'news' set: one tree on news-sentiment-1 (logit +3 when the bar's
 * headlines lean positive, -3 otherwise), and a dissimilarity reference nothing exceeds. With no headlines every
 * row reads 0 there, so it never buys: any trade it makes is news reaching its features.
 */
export const NEWS_MODEL: SignalModel = {
  name: 'news-test',
  version: 1,
  featureSet: 'news',
  features: NEWS_DEFS.map((d) => d.name),
  horizon: 5,
  trees: {
    algorithm: 'gbdt', output: 'logit', aggregate: 'sum', base: 0, nFeatures: NEWS_DEFS.length,
    trees: [{ feature: [NEWS_1, -1, -1], threshold: [NEWS_THRESHOLD, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -3, 3] }],
  },
  dissimilarity: { mean: NEWS_DEFS.map(() => 0), std: NEWS_DEFS.map(() => 1), reference: NEWS_DEFS.map(() => 0), rows: 1, meanDistance: 1, threshold: 1e12 },
};

const DAY_MS = 86_400_000;

/**
 * `count` ORCL headlines scattered over the span of `bars` (through the last bar's day) by a deterministic LCG from
 * `seed`, good and bad, scored by the project's word list.
 */
export function scatteredHeadlines(bars: readonly Readonly<Bar>[], count: number, seed: number): StrategyHeadline[] {
  let s = seed;
  const rand = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const texts = ['Oracle beats estimates and raises guidance', 'Oracle misses forecasts, shares plunge', 'Oracle wins record contract', 'Oracle faces lawsuit over accounting'];
  const from = bars[0]!.t;
  const span = bars[bars.length - 1]!.t - from + DAY_MS;
  return Array.from({ length: count }, (_, id) => {
    const headline = texts[Math.floor(rand() * texts.length)]!;
    return { id, t: Math.floor(from + rand() * span), symbols: ['ORCL'], headline, score: scoreHeadline(headline).score };
  });
}
