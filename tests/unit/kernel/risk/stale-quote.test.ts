import { describe, expect, it } from 'vitest';
import { StaleQuoteGuard } from '../../../../src-main/kernel/risk/stale-quote.js';
import { prng } from '../../../../src-main/backtest/optimize/search.js';

const book = (t: number, bid: number, ask: number) => ({ t, bid, ask });

/**
 * Two feeds of one symbol: the SIP's NBBO and IEX's quote, here IEX at the inside and following every NBBO change
 * after `iexDelay` ms; from `lagFrom` on, IEX stops following for `lagFor` ms (the injected lag).
 */
function feeds(seed: number, lagFrom: number, lagFor: number, iexDelay = 2) {
  const rand = prng(seed);
  const events: Array<{ feed: 'nbbo' | 'iex'; t: number; bid: number; ask: number }> = [];
  let bid = 100;
  for (let t = 0; t < 10_000; t += 50) {
    bid = Math.round((bid + (rand() < 0.5 ? -0.01 : 0.01)) * 100) / 100;
    const ask = Math.round((bid + 0.02) * 100) / 100;
    events.push({ feed: 'nbbo', t, bid, ask });
    const iexT = t + iexDelay;
    if (iexT < lagFrom || iexT >= lagFrom + lagFor) events.push({ feed: 'iex', t: iexT, bid, ask });
  }
  return events.sort((a, b) => a.t - b.t);
}

function replay(guard: StaleQuoteGuard, events: ReturnType<typeof feeds>, until: number): void {
  for (const e of events) {
    if (e.t > until) break;
    if (e.feed === 'nbbo') guard.onNbboQuote(e);
    else guard.onIexQuote(e);
  }
}

describe('stale-quote guard', () => {
  it('never calls the IEX quote stale while it follows the NBBO within the allowed lag', () => {
    const events = feeds(1, Infinity, 0, 3);
    const guard = new StaleQuoteGuard('SYN', { lagMs: 20, maxMidGap: 0.005 });
    for (let now = 0; now < 10_000; now += 7) {
      replay(guard, events.filter((e) => e.t > now - 7), now);
      expect(guard.verdict(now).stale, `at ${now}`).toBe(false);
    }
  });

  it('detects an injected lag once the NBBO has led for lagMs, and clears when IEX catches up', () => {
    const events = feeds(2, 5_000, 400);
    const guard = new StaleQuoteGuard('SYN', { lagMs: 20, maxMidGap: 0.005 });
    const stale: number[] = [];
    for (let now = 0; now < 10_000; now++) {
      replay(guard, events.filter((e) => e.t === now), now);
      if (guard.verdict(now).stale) stale.push(now);
    }
    expect(stale.length).toBeGreaterThan(0);
    // Only inside the lag (plus the allowed lag after its start), and over most of it.
    expect(Math.min(...stale)).toBeGreaterThanOrEqual(5_000 + 20 - 50);
    expect(Math.max(...stale)).toBeLessThan(5_400 + 2);
    expect(stale.length).toBeGreaterThan(200);
  });

  it('a lag shorter than lagMs is normal skew, not staleness', () => {
    const guard = new StaleQuoteGuard('SYN', { lagMs: 20, maxMidGap: 0.005 });
    guard.onNbboQuote(book(0, 100, 100.02));
    guard.onIexQuote(book(1, 100, 100.02));
    guard.onNbboQuote(book(100, 100.05, 100.07));
    expect(guard.verdict(110).stale).toBe(false);
    const v = guard.verdict(120);
    expect(v.stale).toBe(true);
    if (v.stale) expect(v.why).toMatch(/IEX offer 100.02 is below the national best offer 100.07/);
    guard.onIexQuote(book(125, 100.05, 100.07));
    expect(guard.verdict(130).stale).toBe(false);
  });

  it('refuses an order that crosses the stale quote and lets resting orders through', () => {
    const guard = new StaleQuoteGuard('SYN', { lagMs: 20, maxMidGap: 0.005 });
    guard.onNbboQuote(book(0, 100, 100.02));
    guard.onIexQuote(book(1, 100, 100.02));
    // The market moved up 5 cents; IEX still shows the old quote 200 ms later.
    guard.onNbboQuote(book(50, 100.05, 100.07));
    const buyAtStaleOffer = guard.check({ side: 'buy', type: 'limit', limitPrice: 100.02 }, 250);
    expect(buyAtStaleOffer.allow).toBe(false);
    if (!buyAtStaleOffer.allow) {
      expect(buyAtStaleOffer.code).toBe('STALE_QUOTE');
      expect(buyAtStaleOffer.reason).toMatch(/refused to cross the IEX offer 100.02 of SYN/);
    }
    expect(guard.check({ side: 'buy', type: 'market' }, 250).allow).toBe(false);
    expect(guard.check({ side: 'sell', type: 'limit', limitPrice: 99.99 }, 250).allow).toBe(false);
    // Resting away from the stale quote: no cross, no refusal.
    expect(guard.check({ side: 'buy', type: 'limit', limitPrice: 100.01 }, 250).allow).toBe(true);
    expect(guard.check({ side: 'sell', type: 'limit', limitPrice: 100.03 }, 250).allow).toBe(true);
    // Before lagMs has passed the same buy goes.
    expect(guard.check({ side: 'buy', type: 'limit', limitPrice: 100.02 }, 60).allow).toBe(true);
  });
});
