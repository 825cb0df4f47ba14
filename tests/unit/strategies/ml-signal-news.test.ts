import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { NO_NEWS_NOTE } from '../../../src-main/backtest/news-tape.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { featureColumns } from '../../../src-main/ml/features/feature-sets.js';
import { mlSignal, createMlSignal } from '../../../src-main/strategies/ml/ml-signal.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { NEWS_1 as NEWS_INDEX, NEWS_DEFS, NEWS_MODEL, NEWS_THRESHOLD, scatteredHeadlines } from '../../support/news-model.js';

const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl').slice(0, 600);
const defs = NEWS_DEFS;
const NEWS_1 = NEWS_INDEX;
const THRESHOLD = NEWS_THRESHOLD;
const model = NEWS_MODEL;


describe('ml-signal with a model trained on news', () => {
  const definition = createMlSignal(model, 'ml-signal-news');
  // Half the equity at most: a buy sized at a close always fills at the next open (no refusal for cash), so the
  // expected orders below need not model the fill.
  const params = parseParams(definition.params, { allocation: 0.5 });
  const news = scatteredHeadlines(bars, 250, 11);

  it('declares the news need only when its feature set reads headlines', () => {
    expect(definition.needs).toContain('news');
    expect(mlSignal.needs ?? []).not.toContain('news');
  });

  it('reads the run headlines into its features: it trades with them, never without, and says why', () => {
    const withNews = backtestBars(definition, params, 'ORCL', bars, { news });
    const without = backtestBars(definition, params, 'ORCL', bars);
    expect(without.orders).toHaveLength(0);
    expect(without.logs.map((l) => l.message)).toContain(NO_NEWS_NOTE);
    expect(withNews.orders.length).toBeGreaterThan(4);
    expect(withNews.logs.map((l) => l.message)).not.toContain(NO_NEWS_NOTE);
  });

  it("its rows are the training rows: orders fall exactly where the fixed-list news features cross the tree's threshold", () => {
    // The same headlines as training reads them (featureColumns with a fixed list), and the decisions they imply.
    const cols = featureColumns(bars, defs, { news: news.map((h) => ({ t: h.t, score: h.score })) });
    const expected: string[] = [];
    let nonZero = 0;
    let held = false;
    bars.forEach((bar, i) => {
      if (!cols.every((c) => Number.isFinite(c[i]!))) return;
      const x = cols[NEWS_1]![i]!;
      if (x !== 0) nonZero++;
      const up = Math.fround(x) >= THRESHOLD;
      if (!held && up) expected.push(`buy ${bar.t}`);
      else if (held && !up) expected.push(`sell ${bar.t}`);
      else return;
      held = !held;
    });
    expect(nonZero).toBeGreaterThan(20);
    const run = backtestBars(definition, params, 'ORCL', bars, { news });
    expect(run.orders.map((o) => `${o.side} ${o.submittedAt}`)).toEqual(expected);
  });
});
