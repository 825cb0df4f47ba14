import { describe, expect, it } from 'vitest';
import { TEST_SYMBOL, TestFeed } from '../../../../src-main/exchange/market/test-feed.js';

describe('the /v2/test feed (FAKEPACA at all hours)', () => {
  const sunday = Date.parse('2024-03-10T03:00:00Z');

  it('emits one trade and one quote per whole second, on a Sunday night too', () => {
    const feed = new TestFeed(42, sunday);
    expect(feed.advanceTo(sunday + 999)).toEqual([]);
    const events = feed.advanceTo(sunday + 3_500);
    expect(events.map((e) => e.kind)).toEqual(['trade', 'quote', 'trade', 'quote', 'trade', 'quote']);
    for (const e of events) {
      const item = e.kind === 'trade' ? e.trade : e.kind === 'quote' ? e.quote : undefined;
      expect(item?.symbol).toBe(TEST_SYMBOL);
    }
    expect(feed.advanceTo(sunday + 3_900)).toEqual([]);
  });

  it('is a function of the seed and the second: same seed, same prints; quotes straddle the trade', () => {
    const a = new TestFeed(42, sunday).advanceTo(sunday + 60_000);
    const b = new TestFeed(42, sunday).advanceTo(sunday + 60_000);
    const c = new TestFeed(43, sunday).advanceTo(sunday + 60_000);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const [trade, quote] = new TestFeed(1, 0).eventsAt(sunday);
    expect(quote.bidPrice).toBeLessThan(quote.askPrice);
    expect(Math.abs(trade.price - (quote.bidPrice + quote.askPrice) / 2)).toBeLessThan(0.03);
    expect(trade.price).toBeGreaterThan(90);
    expect(trade.price).toBeLessThan(110);
  });

  it('skips what a long clock jump would flood (at most five minutes of seconds)', () => {
    const feed = new TestFeed(42, sunday);
    expect(feed.advanceTo(sunday + 3_600_000).length).toBe(2 * 300);
  });
});
