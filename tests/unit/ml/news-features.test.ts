import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { buildDataset } from '../../../src-main/ml/dataset.js';
import type { ScoredHeadline } from '../../../src-main/ml/features/feature.js';
import { featureColumns, featureSet, usesNews } from '../../../src-main/ml/features/feature-sets.js';
import { newsSentimentFeature } from '../../../src-main/ml/features/news-features.js';
import { scoreHeadline } from '../../../src-main/news/sentiment.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const DAY = 86_400_000;
const CLOSE_AFTER_STAMP = 16 * 3_600_000;
const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl').slice(0, 400);

/** Headlines scattered over the bars' span (a deterministic LCG), scored by the project's word list. */
function headlines(seed: number, count: number): ScoredHeadline[] {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const texts = ['Oracle beats estimates and raises guidance', 'Oracle misses forecasts, shares plunge', 'Oracle to hold annual meeting', 'Oracle wins record contract', 'Oracle faces lawsuit over accounting'];
  const from = bars[0]!.t;
  const span = bars[bars.length - 1]!.t - from + DAY;
  return Array.from({ length: count }, () => ({ t: Math.floor(from + rand() * span), score: scoreHeadline(texts[Math.floor(rand() * texts.length)]!).score }));
}

const news = headlines(7, 600);
const defs = [newsSentimentFeature(1), newsSentimentFeature(5)];

describe('news sentiment as an ML feature', () => {
  it('reads no headline published at or after the close of its bar', () => {
    const base = featureColumns(bars, defs, { news });
    for (const i of [50, 120, 333]) {
      const close = bars[i]!.t + CLOSE_AFTER_STAMP;
      // Strongly negative headlines from the bar's close on: nothing up to bar i moves.
      const later = [...news, { t: close, score: -1 }, { t: close + 3_600_000, score: -1 }, { t: close + 40 * DAY, score: -1 }];
      const changed = featureColumns(bars, defs, { news: later });
      defs.forEach((def, j) => {
        expect(Array.from(changed[j]!.subarray(0, i + 1)), def.name).toEqual(Array.from(base[j]!.subarray(0, i + 1)));
        // ... and the next bar does read them (else the check above proves nothing).
        expect(changed[j]![i + 1], def.name).not.toBe(base[j]![i + 1]);
      });
      // One published a millisecond before the close is read by bar i itself.
      const before = featureColumns(bars, defs, { news: [...news, { t: close - 1, score: -1 }] });
      defs.forEach((def, j) => expect(before[j]![i], def.name).not.toBe(base[j]![i]));
    }
  });

  it('is the mean score of the window, 0 (neutral) where no headline was published in it, and honours its lookback', () => {
    // Minute bars: a bar stamped t closes at t + 60 s.
    const minute = 60_000;
    const t0 = Date.parse('2024-03-06T15:00:00Z');
    const mbars: Bar[] = Array.from({ length: 8 }, (_, i) => ({ t: t0 + i * minute, o: 10, h: 10, l: 10, c: 10, v: 100 }));
    const mnews = [
      { t: t0 + 30_000, score: 0.5 }, // during bar 0
      { t: t0 + 2 * minute + 59_999, score: -0.2 }, // the last ms of bar 2
      { t: t0 + 3 * minute, score: 0.8 }, // bar 2's close: bar 3's
      { t: t0 + 6 * minute + 10, score: 0.1 }, // during bar 6
    ];
    const [one, three] = featureColumns(mbars, [newsSentimentFeature(1), newsSentimentFeature(3)], { news: mnews });
    expect(Array.from(one!)).toEqual([NaN, 0, -0.2, 0.8, 0, 0, 0.1, 0]);
    expect(Array.from(three!.subarray(0, 3))).toEqual([NaN, NaN, NaN]);
    expect(three![3]).toBeCloseTo((-0.2 + 0.8) / 2, 12); // bars 1..3; bar 0's headline is out of the window
    expect(three![4]).toBeCloseTo((-0.2 + 0.8) / 2, 12);
    expect(three![5]).toBeCloseTo(0.8, 12);
    expect(three![6]).toBeCloseTo(0.1, 12);
    // With the bar length given, or inferred from the bars' gaps, the same numbers.
    const [given] = featureColumns(mbars, [newsSentimentFeature(1)], { news: mnews, barMs: minute });
    expect(Array.from(given!)).toEqual(Array.from(one!));
    // No news at all: neutral from the lookback on.
    const [none] = featureColumns(mbars, [newsSentimentFeature(3)]);
    expect(Array.from(none!)).toEqual([NaN, NaN, NaN, 0, 0, 0, 0, 0]);
  });

  it('the "news" set is the basic set plus two sentiment features, each declared with its lookback and what it is when news is missing', () => {
    const set = featureSet('news');
    expect(usesNews(set)).toBe(true);
    expect(usesNews(featureSet('basic'))).toBe(false);
    expect(set.map((d) => d.name).slice(0, featureSet('basic').length)).toEqual(featureSet('basic').map((d) => d.name));
    const newsDefs = set.filter((d) => d.name.startsWith('news-'));
    expect(newsDefs.map((d) => [d.name, d.lookback])).toEqual([['news-sentiment-1', 1], ['news-sentiment-5', 5]]);
    for (const d of newsDefs) expect(d.missing).toMatch(/neutral/);
    const cols = featureColumns(bars, set, { news });
    set.forEach((def, j) => expect(cols[j]!.findIndex((v) => Number.isFinite(v)), def.name).toBe(def.lookback));
  });

  it('a dataset built with news differs from one without only in the news columns', () => {
    const set = featureSet('news');
    const withNews = buildDataset([{ symbol: 'ORCL', bars, news }], set, { kind: 'direction', horizon: 5 });
    const without = buildDataset([{ symbol: 'ORCL', bars }], set, { kind: 'direction', horizon: 5 });
    expect(withNews.rows).toBe(without.rows);
    const f = set.length;
    let differs = 0;
    for (let r = 0; r < withNews.rows; r++) {
      for (let j = 0; j < f; j++) {
        const a = withNews.x[r * f + j]!;
        const b = without.x[r * f + j]!;
        if (set[j]!.name.startsWith('news-')) differs += a !== b ? 1 : 0;
        else expect(a).toBe(b);
      }
    }
    expect(differs).toBeGreaterThan(0);
  });
});
