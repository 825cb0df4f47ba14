import { afterEach, describe, expect, it } from 'vitest';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { startHarness, type Harness } from './harness.js';

/**
 * The risk check reads a symbol's streamed quote (OrderManager.noteQuote, fed by the live market data stream) instead
 * of fetching one per order: the price band is judged on it and no quote request is made; a crossed or one-sided
 * quote is not taken, and the check fetches the broker's quote as before. Against the local exchange.
 */
const buyLimit = (symbol: string, limitPrice: string): OrderIntentInput => ({ symbol, side: 'buy', type: 'limit', limitPrice, timeInForce: 'day', qty: '1' });

describe('streamed quotes in the risk check (local exchange)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('judges the price band on the streamed quote without fetching; a one-sided quote is ignored', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    const fetched: string[] = [];
    const latestQuote = harness.venue.latestQuote.bind(harness.venue);
    harness.venue.latestQuote = (symbol) => {
      fetched.push(symbol);
      return latestQuote(symbol);
    };
    const real = await latestQuote('MSFT');
    if (!real) throw new Error('the exchange has no MSFT quote');
    const ask = Number(real.ask);
    // A limit a little above the broker's ask: within the 5% band of the real quote.
    const limit = (ask * 1.01).toFixed(2);

    // Streamed at a tenth of the price: the same limit is now far above the ask, refused, and nothing was fetched.
    harness.manager.noteQuote('MSFT', { bid: (ask / 10 - 0.01).toFixed(2), ask: (ask / 10).toFixed(2), at: Date.now() });
    const refused = await harness.manager.submit(buyLimit('MSFT', limit), 'ticket');
    expect(refused.ok === false && refused.code).toBe('PRICE_BAND');
    expect(refused.ok === false && refused.message).toContain(`ask ${(ask / 10).toFixed(2).replace(/\.?0+$/, '')}`);
    expect(fetched).toEqual([]);

    // The real quote streamed: the order passes on it, still without a request for it.
    harness.manager.noteQuote('MSFT', real);
    const passed = await harness.manager.submit(buyLimit('MSFT', limit), 'ticket');
    expect(passed.ok).toBe(true);
    expect(fetched).toEqual([]);

    // A one-sided quote is not taken: a symbol only ever streamed so is fetched from the broker.
    harness.manager.noteQuote('QQQ', { bid: '0', ask: '9.00', at: Date.now() });
    const qqq = await latestQuote('QQQ');
    if (!qqq) throw new Error('the exchange has no QQQ quote');
    const onFetched = await harness.manager.submit(buyLimit('QQQ', (Number(qqq.ask) * 1.01).toFixed(2)), 'ticket');
    expect(onFetched.ok).toBe(true);
    expect(fetched).toEqual(['QQQ']);
  });
});
