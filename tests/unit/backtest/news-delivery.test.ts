import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { DAILY_CLOSE_AFTER_STAMP_MS } from '../../../src-shared/domain/news-cutoff.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { fetchRunNews, NO_NEWS_NOTE, type RunNewsSource } from '../../../src-main/backtest/news-tape.js';
import { defineStrategy, type DataNeed, type StrategyHeadline } from '../../../src-main/kernel/strategy/types.js';
import { DAY } from './helpers.js';

const day0 = Date.UTC(2021, 0, 4);
const closeOf = (i: number) => day0 + i * DAY + DAILY_CLOSE_AFTER_STAMP_MS;
const series = (n: number): Bar[] => Array.from({ length: n }, (_, i) => ({ t: day0 + i * DAY, o: 10, h: 10, l: 10, c: 10, v: 1_000_000 }));
const data = () => new MarketData([toColumns('AAA', series(5)), toColumns('BBB', series(5))]);

function headline(id: number, t: number, symbols: string[] = ['AAA']): StrategyHeadline {
  return { id, t, symbols, headline: `headline ${id}`, score: 0.5 };
}

/** Logs every onBar and onNews call in order; the news need can be left out to show it gates delivery. */
function recorder(log: string[], needs: readonly DataNeed[] = ['bars', 'news']) {
  return defineStrategy({
    name: 'news-recorder',
    description: 'test',
    needs,
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create: () => ({
      onBar: (symbol, bar) => void log.push(`bar ${symbol} ${(bar.t - day0) / DAY}`),
      onNews: (h) => void log.push(`news ${h.id}`),
    }),
  });
}

describe('headlines in the backtest engine (onNews)', () => {
  // Given out of order on purpose: the engine delivers them by publication time.
  const news = [
    headline(3, closeOf(2)), // exactly at bar 2's close: after bar 2's onBar
    headline(2, closeOf(2) - 1), // a millisecond before bar 2's close: before bar 2's onBar
    headline(4, closeOf(2) + 1), // just after bar 2's close: with 3
    headline(1, day0 - DAY), // before the first bar
    headline(5, closeOf(1), ['CCC']), // about no symbol of the run: never
    headline(6, closeOf(3) - 10, ['BBB', 'CCC']), // names one of the run's symbols: delivered once
    headline(7, closeOf(4)), // at the last bar's close: after the run
  ];

  it('delivers each headline about its symbols, in time order, before the first bar whose close is after it', () => {
    const log: string[] = [];
    runBacktest(recorder(log), {}, data(), { news });
    expect(log.filter((l) => l.startsWith('news'))).toEqual(['news 1', 'news 2', 'news 3', 'news 4', 'news 6']);
    const at = (entry: string) => log.indexOf(entry);
    expect(at('news 1')).toBeLessThan(at('bar AAA 0'));
    // Just before the close: read by bar 2 itself (before both symbols' bar 2); at or after it: only after bar 2.
    expect(at('news 2')).toBeGreaterThan(at('bar BBB 1'));
    expect(at('news 2')).toBeLessThan(at('bar AAA 2'));
    expect(at('news 3')).toBeGreaterThan(at('bar BBB 2'));
    expect(at('news 4')).toBeGreaterThan(at('bar BBB 2'));
    expect(at('news 4')).toBeLessThan(at('bar AAA 3'));
    expect(at('news 6')).toBeGreaterThan(at('bar BBB 2'));
    expect(at('news 6')).toBeLessThan(at('bar AAA 3'));
  });

  it('delivers nothing to a strategy that does not declare the news need', () => {
    const log: string[] = [];
    const result = runBacktest(recorder(log, ['bars']), {}, data(), { news });
    expect(log.some((l) => l.startsWith('news'))).toBe(false);
    expect(log.filter((l) => l.startsWith('bar'))).toHaveLength(10);
    expect(result.logs.some((l) => l.message === NO_NEWS_NOTE)).toBe(false);
  });

  it('says once that a run without a news feed gives its strategy no headlines', () => {
    const log: string[] = [];
    const result = runBacktest(recorder(log), {}, data());
    expect(log.some((l) => l.startsWith('news'))).toBe(false);
    expect(result.logs.filter((l) => l.message === NO_NEWS_NOTE)).toHaveLength(1);
  });
});

describe('fetchRunNews', () => {
  /** A hand-built feed: the scored headlines it holds, answered newest first up to the limit, as the REST feed does. */
  const feed = (count: number): RunNewsSource & { asked: Array<{ symbols: string[]; start: number; end?: number; limit: number }> } => {
    const asked: Array<{ symbols: string[]; start: number; end?: number; limit: number }> = [];
    return {
      asked,
      list: (q) => {
        asked.push({ symbols: q.symbols, start: q.start, ...(q.end !== undefined ? { end: q.end } : {}), limit: q.limit });
        const all = Array.from({ length: count }, (_, i) => ({ id: i + 1, t: day0 + i * 60_000, headline: 'Acme beats estimates', summary: '', author: 'test', symbols: ['AAA'], source: 'synthetic', url: null, sentiment: { score: 0.4, label: 'positive' as const, cues: [] } }));
        return Promise.resolve(all.reverse().slice(0, q.limit));
      },
    };
  };

  it('reads the run span once for its symbols, with the score as the sentiment', async () => {
    const source = feed(3);
    const { news, note } = await fetchRunNews(source, ['AAA', 'BBB'], day0, closeOf(4));
    expect(note).toBeNull();
    expect(source.asked).toEqual([{ symbols: ['AAA', 'BBB'], start: day0, end: closeOf(4), limit: 20_000 }]);
    expect(news!.map((h) => [h.id, h.score])).toEqual([[3, 0.4], [2, 0.4], [1, 0.4]]);
  });

  it('says when the cap cut headlines off, and when there is no feed', async () => {
    expect((await fetchRunNews(feed(10), ['AAA'], day0, closeOf(4), undefined, 4)).note).toMatch(/capped at 4 headlines/);
    expect(await fetchRunNews(undefined, ['AAA'], day0, closeOf(4))).toEqual({ news: undefined, note: NO_NEWS_NOTE });
  });
});
