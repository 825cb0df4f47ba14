import { describe, expect, it } from 'vitest';
import type { SymbolSnapshot } from '../../../../src-shared/ipc/market-data-schemas.js';
import type { OpportunityDto } from '../../../../src-shared/ipc/opportunities-schemas.js';
import { ticketDraftOf } from '../../../../src-renderer/features/opportunities/ticket-draft-of.js';

const opp = (direction: 'up' | 'down'): OpportunityDto => ({
  symbol: 'AAPL',
  strategy: 'rsi',
  family: 'stock',
  direction,
  confidence: 0.634,
  rawConfidence: 0.7,
  expectedReturn: direction === 'up' ? 0.0123 : -0.0081,
  horizon: 5,
  reason: 'RSI(14) 24 below 30',
  source: 'insight',
  regime: 'normal',
  generatedAt: 1,
  barsAgo: 0,
  calibratedOn: 'strategy',
  samples: 57,
});

const snapshot = (over: Partial<SymbolSnapshot>): SymbolSnapshot => ({
  symbol: 'AAPL',
  source: 'demo-exchange',
  stale: false,
  latestTrade: { t: 1, price: 171.5, size: 100 },
  latestQuote: { t: 1, bid: 171.42, ask: 171.58, bidSize: 3, askSize: 4 },
  dailyBar: null,
  prevDailyBar: null,
  ...over,
});

describe('the ticket an opportunity proposes', () => {
  it('buys an up view from the ask and sells a down view from the bid, with no quantity', () => {
    const up = ticketDraftOf(opp('up'), snapshot({}));
    expect(up).toMatchObject({ symbol: 'AAPL', side: 'buy', limitPrice: '171.58' });
    expect(up).not.toHaveProperty('qty');
    expect(ticketDraftOf(opp('down'), snapshot({}))).toMatchObject({ side: 'sell', limitPrice: '171.42' });
  });

  it('falls back to the last trade without a quote, and gives no price from a stale snapshot or none', () => {
    expect(ticketDraftOf(opp('up'), snapshot({ latestQuote: null })).limitPrice).toBe('171.50');
    expect(ticketDraftOf(opp('up'), snapshot({ stale: true }))).not.toHaveProperty('limitPrice');
    expect(ticketDraftOf(opp('up'), undefined)).not.toHaveProperty('limitPrice');
    expect(ticketDraftOf(opp('up'), snapshot({ latestQuote: null, latestTrade: { t: 1, price: 0.4567, size: 1 } })).limitPrice).toBe('0.4567');
  });

  it('says where it came from: strategy, direction, calibrated confidence and its record, expected move, reason', () => {
    const { note } = ticketDraftOf(opp('down'), undefined);
    expect(note).toBe('From Opportunities: rsi sees AAPL down over 5 bars, confidence 63% (calibrated on 57 outcomes), expected -0.81%. RSI(14) 24 below 30');
  });
});
