import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RiskEngine } from '../../../src-main/kernel/risk/risk-engine.js';
import { StaleQuoteMonitor } from '../../../src-main/kernel/risk/stale-quote-monitor.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import { startHarness, type Harness } from '../orders/harness.js';

/**
 * The stale-quote guard in the real order path: an OrderManager with its RiskEngine against the local exchange, the
 * guard fed an IEX quote and then an NBBO that moved away from it while IEX did not follow (an injected lag). A
 * bot's order that would cross the stale IEX quote is refused STALE_QUOTE and stored as a denial; an order resting
 * away from it, a trader's own order, and the same bot order once IEX caught up all pass.
 */
describe('STALE_QUOTE in the risk path', () => {
  let h: Harness;
  let marketTime = 0;
  const monitor = new StaleQuoteMonitor({ lagMs: 50, maxMidGap: 0.03 }, () => marketTime);
  const risk = new RiskEngine();
  risk.quoteGuard = monitor;

  beforeAll(async () => {
    h = await startHarness({ manager: { risk } });
  }, 30_000);

  afterAll(async () => {
    await h?.close();
  });

  const intent = (side: 'buy' | 'sell', type: 'market' | 'limit', limitPrice?: string): OrderIntent =>
    ({ symbol: 'AAPL', side, type, qty: '1', timeInForce: 'day', ...(limitPrice ? { limitPrice } : {}) }) as OrderIntent;

  it('refuses a bot order crossing a lagging IEX quote, and only that', async () => {
    // Where the exchange quotes AAPL now: the guard's prices sit around it so the price band is not what decides.
    const snap = await fetch(`${h.exchange.dataUrl}/v2/stocks/AAPL/quotes/latest`, { headers: { 'APCA-API-KEY-ID': h.exchange.keys.keyId, 'APCA-API-SECRET-KEY': h.exchange.keys.secret } });
    const q = ((await snap.json()) as { quote: { bp: number; ap: number } }).quote;
    const bid = Math.round(q.bp * 100) / 100;
    const ask = Math.round(q.ap * 100) / 100;
    monitor.onIexQuote('AAPL', { t: 1_000, bid, ask });
    monitor.onNbboQuote('AAPL', { t: 1_000, bid, ask });
    // The NBBO moves up five cents at t=1010 and IEX does not follow: stale once 50 ms have passed.
    monitor.onNbboQuote('AAPL', { t: 1_010, bid: bid + 0.05, ask: ask + 0.05 });
    marketTime = 1_040;
    expect(monitor.active).toBe(true);
    const early = await h.manager.submit(intent('buy', 'market'), 'bot:mm', { requestKey: 'early' });
    expect(early.ok).toBe(true);

    marketTime = 1_100;
    const crossing = await h.manager.submit(intent('buy', 'limit', ask.toFixed(2)), 'bot:mm', { requestKey: 'cross' });
    expect(crossing).toMatchObject({ ok: false, code: 'STALE_QUOTE' });
    expect(crossing.ok ? '' : crossing.message).toMatch(/stale/);
    const market = await h.manager.submit(intent('buy', 'market'), 'bot:mm', { requestKey: 'market' });
    expect(market).toMatchObject({ ok: false, code: 'STALE_QUOTE' });
    const denials = h.journal.recentDenials(10).map((d) => `${d.source} ${d.code}`);
    expect(denials.filter((d) => d === 'bot:mm STALE_QUOTE')).toHaveLength(2);

    // Resting away from the stale quote, or a trader's own order: not the guard's business.
    const resting = await h.manager.submit(intent('buy', 'limit', (bid - 0.05).toFixed(2)), 'bot:mm', { requestKey: 'rest' });
    expect(resting.ok).toBe(true);
    const ticket = await h.manager.submit(intent('buy', 'market'), 'ticket', { requestKey: 'ticket' });
    expect(ticket.ok).toBe(true);

    // IEX catches up: the bot's order passes.
    monitor.onIexQuote('AAPL', { t: 1_120, bid: bid + 0.05, ask: ask + 0.05 });
    marketTime = 1_200;
    const after = await h.manager.submit(intent('buy', 'market'), 'bot:mm', { requestKey: 'after' });
    expect(after.ok).toBe(true);
  }, 30_000);
});
