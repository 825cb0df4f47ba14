import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionVenue, VenueQuote } from '../../../src-main/kernel/orders/venue.js';
import { brokerGet, startHarness, type Harness } from './harness.js';

/**
 * The price band refuses a limit far through the quote, but only on a fresh quote. The risk check serves a quote up
 * to five times its freshness while a refresh runs behind it; a limit priced from a newer quote (the OptionsBot's
 * chain read) must not be refused against that older one. The venue here is the real one over HTTP, with its quotes
 * scaled by a factor the test moves (the market "jumps" 10% between two orders).
 */
describe('price band on a fresh quote', () => {
  let h: Harness;
  let scale = 1;
  let skewMs = 0;
  const scaled = (q: VenueQuote): VenueQuote => ({ ...q, bid: (Number(q.bid) * scale).toFixed(2), ask: (Number(q.ask) * scale).toFixed(2) });

  beforeAll(async () => {
    h = await startHarness({ limits: { priceBand: '0.05', maxOrderNotional: '100000' }, manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const real = h.venue;
    const venue = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'latestQuote') return async (symbol: string) => {
          const q = await target.latestQuote(symbol);
          return q ? scaled(q) : q;
        };
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as ExecutionVenue;
    await h.restart({ venue, quoteTtlMs: 1_000, now: () => Date.now() + skewMs });
  });
  afterAll(() => h.close());

  it('re-checks a band refusal against a fetched quote when the cached one is past its freshness', async () => {
    const ask = async () => (await brokerGet<{ quote: { ap: number } }>(h.exchange, '/v2/stocks/AAPL/quotes/latest')).quote.ap;
    // The risk check caches AAPL's quote at the scale of 1 (a resting buy well under the ask).
    const first = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: ((await ask()) * 0.9).toFixed(2), timeInForce: 'day', qty: '1' }, 'band-test');
    expect(first.ok).toBe(true);
    // The quote moves up 10% and the cached one is 2 s old: stale, but still served while a refresh runs.
    scale = 1.1;
    skewMs += 2_000;
    const atNewAsk = ((await ask()) * 1.1).toFixed(2);
    const second = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: atNewAsk, timeInForce: 'day', qty: '1' }, 'band-test');
    expect(second.ok ? 'OK' : `${second.code}: ${second.message}`).toBe('OK');
  });

  it('still refuses a limit through the band of the fresh quote', async () => {
    skewMs += 2_000;
    const ask = (await brokerGet<{ quote: { ap: number } }>(h.exchange, '/v2/stocks/AAPL/quotes/latest')).quote.ap;
    const far = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: (ask * scale * 1.2).toFixed(2), timeInForce: 'day', qty: '1' }, 'band-test');
    expect(far.ok === false && far.code).toBe('PRICE_BAND');
  });
});
