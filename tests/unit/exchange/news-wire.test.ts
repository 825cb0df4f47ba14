import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { SyntheticMarket } from '../../../src-main/exchange/market/synthetic-market.js';
import { fillTemplate, templatesFor } from '../../../src-main/exchange/news/headline-templates.js';
import { BUCKET_MS, NewsWire } from '../../../src-main/exchange/news/news-wire.js';
import { scoreHeadline } from '../../../src-main/news/sentiment.js';

const NOW = Date.parse('2024-03-06T21:30:00Z');
const FROM = Date.parse('2024-02-05T00:00:00Z');
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'XOM', 'JPM'];

function wireOf(seed: number): { wire: NewsWire; market: SyntheticMarket } {
  const clock = new SimulatedClock(NOW, 0);
  const market = new SyntheticMarket({ seed, clock });
  return { wire: new NewsWire(market, clock, seed), market };
}

describe('the local exchange news wire', () => {
  it('every template reads in the direction of its move to the sentiment scorer', () => {
    for (const kind of ['intraday', 'close'] as const) {
      for (const up of [true, false]) {
        for (const t of templatesFor(kind, up)) {
          const score = scoreHeadline(fillTemplate(t, { name: 'Acme Corp', symbol: 'ACME', pct: '2.4' })).score;
          expect(Math.sign(score), t).toBe(up ? 1 : -1);
        }
      }
    }
  });

  it('each article follows a move of the market in its direction, as large as the summary says', () => {
    const { wire, market } = wireOf(7);
    let count = 0;
    for (const symbol of SYMBOLS) {
      for (const a of wire.articles(symbol, FROM, NOW)) {
        count++;
        expect(a.symbols).toEqual([symbol]);
        expect(Math.sign(scoreHeadline(a.headline).score)).toBe(Math.sign(a.move));
        if (a.kind === 'intraday') {
          const bars = market.bars(symbol, { amount: 15, unit: 'Min' }, a.t - 2 * BUCKET_MS, a.t);
          expect(bars).toHaveLength(2);
          expect(a.move).toBeCloseTo(Math.log(bars[1]!.c / bars[0]!.c), 10);
        } else {
          const days = market.bars(symbol, { amount: 1, unit: 'Day' }, a.t - 6 * 86_400_000, a.t);
          expect(a.move).toBeCloseTo(Math.log(days[days.length - 1]!.c / days[days.length - 2]!.c), 10);
        }
        expect(Math.abs(a.move)).toBeGreaterThan(0.004);
      }
    }
    // A month of six symbols has some big moves, and not one in every bucket.
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThan(400);
  });

  it('is deterministic by seed', () => {
    const a = wireOf(7).wire.articles('NVDA', FROM, NOW);
    const b = wireOf(7).wire.articles('NVDA', FROM, NOW);
    const c = wireOf(8).wire.articles('NVDA', FROM, NOW);
    expect(b).toEqual(a);
    expect(c.map((x) => x.id)).not.toEqual(a.map((x) => x.id));
  });

  it('publishes live what history later holds', () => {
    const clock = new SimulatedClock(Date.parse('2024-03-04T14:00:00Z'), 0);
    const market = new SyntheticMarket({ seed: 7, clock, symbols: ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMD', 'META', 'XOM', 'JPM', 'BA', 'NFLX'] });
    const wire = new NewsWire(market, clock, 7);
    const live: number[] = [];
    wire.onArticles((articles) => live.push(...articles.map((a) => a.id)));
    for (let t = clock.now(); t <= Date.parse('2024-03-05T21:30:00Z'); t += 5 * 60_000) {
      clock.advanceTo(t);
      market.advanceTo(t);
    }
    const history = wire.symbols().flatMap((s) => wire.articles(s, Date.parse('2024-03-04T14:05:00Z'), clock.now()));
    expect(live.length).toBeGreaterThan(0);
    expect(new Set(live)).toEqual(new Set(history.map((a) => a.id)));
  });
});
