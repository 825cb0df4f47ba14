import { describe, expect, it } from 'vitest';
import { MAX_CONFIDENCE, newsInsight, type ScoredNews } from '../../../src-main/news/news-insight.js';
import { scoreHeadline } from '../../../src-main/news/sentiment.js';
import { sentimentFeature } from '../../../src-main/news/sentiment-feature.js';

/** Headlines written and labelled by hand for this test (not from any feed), scored by the real word list. */
const HOUR = 3_600_000;
const NOW = Date.parse('2024-03-06T18:00:00Z');
const news = (symbol: string, hoursAgo: number, headline: string): ScoredNews => ({ t: NOW - hoursAgo * HOUR, headline, symbols: [symbol], score: scoreHeadline(headline).score });

const GOOD = [
  news('ACME', 0.5, 'Acme Corp Beats Estimates, Raises Guidance For Full Year'),
  news('ACME', 1, 'Analyst Upgrades Acme To Outperform'),
  news('ACME', 2, 'Acme Shares Surge After Regulator Approval'),
];
const BAD = [
  news('GLOBEX', 0.25, 'Globex Plunges After SEC Investigation Disclosed'),
  news('GLOBEX', 1.5, 'Globex Misses Estimates, Cuts Guidance As Demand Slows'),
];

describe('news insight from scored headlines', () => {
  it('points the way the headlines lean and quotes the strongest one', () => {
    const up = newsInsight('ACME', [...GOOD, ...BAD], NOW)!;
    expect(up.direction).toBe('up');
    expect(up.headlines).toBe(3);
    const strongest = GOOD.reduce((a, b) => (b.score > a.score ? b : a));
    expect(up.reason).toContain(`"${strongest.headline}"`);
    const down = newsInsight('GLOBEX', [...GOOD, ...BAD], NOW)!;
    expect(down.direction).toBe('down');
    expect(down.reason.startsWith('News down')).toBe(true);
    expect(down.horizonMs).toBe(24 * HOUR);
  });

  it('is surer with more agreeing headlines and with stronger ones, never past the cap', () => {
    const one = newsInsight('ACME', GOOD.slice(0, 1), NOW)!;
    const three = newsInsight('ACME', GOOD, NOW)!;
    expect(three.confidence).toBeGreaterThan(one.confidence);
    expect(one.confidence).toBeGreaterThan(0.5);
    const mild = newsInsight('ACME', [news('ACME', 0.5, 'Acme Shares Rise Slightly')], NOW, { minScore: 0.05 });
    expect(mild === undefined || mild.confidence < one.confidence).toBe(true);
    const flood = Array.from({ length: 30 }, (_, i) => news('ACME', i * 0.1, 'Acme Soars To Record High As Profit Beats Estimates'));
    expect(newsInsight('ACME', flood, NOW)!.confidence).toBeLessThanOrEqual(MAX_CONFIDENCE);
  });

  it('gives no view when the headlines disagree, are neutral, too old, about another symbol, or not yet published', () => {
    const mixed = [news('INIT', 1, 'Initech Beats Estimates, Raises Guidance'), news('INIT', 1, 'Initech Misses Estimates, Cuts Guidance')];
    expect(newsInsight('INIT', mixed, NOW)).toBeUndefined();
    expect(newsInsight('UMB', [news('UMB', 1, 'Umbrella Names New Chief Marketing Officer')], NOW)).toBeUndefined();
    expect(newsInsight('ACME', [news('ACME', 9, 'Acme Shares Surge After Regulator Approval')], NOW)).toBeUndefined();
    expect(newsInsight('HOOLI', GOOD, NOW)).toBeUndefined();
    expect(newsInsight('ACME', [news('ACME', -1, 'Acme Shares Surge After Regulator Approval')], NOW)).toBeUndefined();
  });

  it('recent headlines weigh more: an old good one is outvoted by a fresh bad one', () => {
    const list = [news('ACME', 5, 'Acme Shares Surge After Regulator Approval'), news('ACME', 0.1, 'Acme Shares Plunge After Regulator Rejects Drug')];
    expect(newsInsight('ACME', list, NOW)?.direction).toBe('down');
  });

  it('keeps the reason within 500 characters for a long headline', () => {
    const long = news('ACME', 0.5, `Acme Beats Estimates ${'and keeps going '.repeat(60)}`);
    expect(newsInsight('ACME', [long, ...GOOD], NOW)!.reason.length).toBeLessThanOrEqual(500);
  });
});

describe('sentiment as a feature column', () => {
  const bars = Array.from({ length: 10 }, (_, i) => NOW - (9 - i) * HOUR);

  it('reads only headlines published by each bar (adding later ones changes nothing before them)', () => {
    const before = sentimentFeature(bars, [...GOOD]);
    const withFuture = sentimentFeature(bars, [...GOOD, news('ACME', -0.5, 'Acme Plunges On Fraud Probe'), { t: bars[5]! + 1, score: -1 }]);
    for (let i = 0; i < bars.length; i++) {
      if (bars[i]! <= bars[5]!) expect(withFuture[i]).toBe(before[i]);
    }
    expect(withFuture[9]).toBeLessThan(before[9]!);
  });

  it('is zero before any news and follows the sign of what came', () => {
    const column = sentimentFeature(bars, BAD);
    expect(column[0]).toBe(0);
    expect(column[9]!).toBeLessThan(0);
  });
});
