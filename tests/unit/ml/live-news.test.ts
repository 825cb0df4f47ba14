import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAILY_CLOSE_AFTER_STAMP_MS } from '../../../src-shared/domain/news-cutoff.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { FeaturePipeline, featureColumns } from '../../../src-main/ml/features/feature-sets.js';
import { LiveNews } from '../../../src-main/ml/features/live-news.js';
import { newsSentimentFeature } from '../../../src-main/ml/features/news-features.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const DAY = 86_400_000;
const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl').slice(0, 300);
const defs = [newsSentimentFeature(1), newsSentimentFeature(5)];
const close = (i: number) => bars[i]!.t + DAILY_CLOSE_AFTER_STAMP_MS;

function headlines(count: number): Array<{ t: number; score: number }> {
  let s = 5;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const from = bars[0]!.t;
  const span = bars[bars.length - 1]!.t - from + DAY;
  return Array.from({ length: count }, () => ({ t: Math.floor(from + rand() * span), score: Math.round((rand() * 2 - 1) * 100) / 100 })).sort((a, b) => a.t - b.t);
}

/** Streams the bars through a pipeline fed by a LiveNews list, appending each headline just before its bar. */
function streamed(news: ReadonlyArray<{ t: number; score: number }>, late?: { after: number; t: number; score: number }): number[][] {
  const live = new LiveNews();
  const pipe = new FeaturePipeline(defs, { liveNews: live });
  const out: number[][] = defs.map(() => []);
  let next = 0;
  bars.forEach((bar, i) => {
    while (next < news.length && news[next]!.t < close(i)) live.append(news[next]!.t, news[next++]!.score, i > 0 ? close(i - 1) : -Infinity);
    if (late && i === late.after + 1) live.append(late.t, late.score, close(late.after));
    const row = pipe.update(bar);
    defs.forEach((_, j) => out[j]!.push(row[j]!));
  });
  return out;
}

describe('news features over a growing headline list (LiveNews)', () => {
  const news = headlines(400);

  it('give bit for bit what the fixed list gives, when each headline arrives before its bar', () => {
    const fixed = featureColumns(bars, defs, { news });
    expect(streamed(news)).toEqual(fixed.map((c) => Array.from(c)));
  });

  it('count a headline that arrives late (published before a bar already processed) in the next bar window', () => {
    const base = streamed(news);
    const i = 150;
    // Published in bar i's session, but heard only after bar i was processed.
    const late = streamed(news, { after: i, t: close(i) - 3_600_000, score: -1 });
    defs.forEach((_, j) => expect(late[j]!.slice(0, i + 1)).toEqual(base[j]!.slice(0, i + 1)));
    // news-sentiment-1 of bar i + 1 now includes it: its window opens at bar i's close, where the late one is stamped.
    expect(late[0]![i + 1]).toBeLessThan(base[0]![i + 1]!);
    expect(late[1]![i + 1]).toBeLessThan(base[1]![i + 1]!);
  });
});
