import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { RiskEngine } from '../../../../src-main/kernel/risk/risk-engine.js';
import { StaleQuoteMonitor } from '../../../../src-main/kernel/risk/stale-quote-monitor.js';

describe('StaleQuoteMonitor', () => {
  it('is inactive without an NBBO reference: it lets everything through and says why', () => {
    const monitor = new StaleQuoteMonitor({ lagMs: 50, maxMidGap: 0.03 });
    monitor.onIexQuote('X', { t: 0, bid: 10, ask: 10.02 });
    expect(monitor.active).toBe(false);
    expect(monitor.status()).toMatch(/inactive: no SIP NBBO/);
    expect(monitor.check({ symbol: 'X', side: 'buy', type: 'market' })).toEqual({ allow: true });
  });

  it('judges each symbol on its own quotes, on the market clock of the newest quote', () => {
    const monitor = new StaleQuoteMonitor({ lagMs: 50, maxMidGap: 0.03 });
    monitor.onIexQuote('X', { t: 0, bid: 10, ask: 10.02 });
    monitor.onNbboQuote('X', { t: 0, bid: 10, ask: 10.02 });
    monitor.onNbboQuote('X', { t: 10, bid: 10.1, ask: 10.12 });
    expect(monitor.status()).toMatch(/active on 1 symbol/);
    // The newest quote is at t=10: the NBBO has led for 0 ms.
    expect(monitor.check({ symbol: 'X', side: 'buy', type: 'market' }).allow).toBe(true);
    monitor.onNbboQuote('Y', { t: 100, bid: 5, ask: 5.01 });
    expect(monitor.check({ symbol: 'X', side: 'buy', type: 'market' })).toMatchObject({ allow: false, code: 'STALE_QUOTE' });
    expect(monitor.check({ symbol: 'Y', side: 'buy', type: 'market' }).allow).toBe(true);
    expect(monitor.check({ symbol: 'X', side: 'buy', type: 'limit', limitPrice: 9.99 }).allow).toBe(true);
  });

  it('is asked by the risk engine for bot orders only', () => {
    const engine = new RiskEngine();
    const asked: string[] = [];
    engine.quoteGuard = { check: (o) => (asked.push(o.symbol), { allow: false, code: 'STALE_QUOTE', reason: 'stale' }) };
    const ctx = {
      buyingPower: new Decimal(1e6), equity: new Decimal(1e6), lastEquity: new Decimal(1e6), peakEquity: new Decimal(1e6), accountBlocked: false, shortingEnabled: true,
      positions: new Map(), marks: new Map(), quote: { bid: new Decimal(10), ask: new Decimal(10.02) }, asset: { tradable: true, shortable: true, fractionable: true }, session: 'regular' as const,
    };
    const intent = { symbol: 'X', side: 'buy', type: 'market', qty: '1', timeInForce: 'day' } as const;
    expect(engine.evaluate(intent as never, { ...ctx, source: 'bot:a' })).toMatchObject({ ok: false, code: 'STALE_QUOTE' });
    expect(engine.evaluate(intent as never, { ...ctx, source: 'ticket' }).ok).toBe(true);
    expect(asked).toEqual(['X']);
  });
});
