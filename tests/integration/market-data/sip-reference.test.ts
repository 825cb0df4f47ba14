import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { sipUrlOf } from '../../../src-main/market-data/sip-reference.js';
import type { LiveQuote } from '../../../src-main/market-data/types.js';
import { demoDataConfig, MarketDataService } from '../../../src-main/services/market-data-service.js';

const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York
const WAIT = { timeout: 20_000, interval: 50 };

/**
 * The SIP reference feed in demo: a second connection to the local exchange's /v2/sip beside the shared IEX stream,
 * quotes of the subscribed symbols only, the same market as the IEX feed; released, it delivers nothing more.
 */
describe('the SIP reference feed', () => {
  let ex: RunningExchange;
  let service: MarketDataService;

  beforeAll(async () => {
    ex = await startExchange({ seed: 5, speed: 60, startTime: START });
    service = new MarketDataService({ log: new Logger({ keep: 100 }), config: () => demoDataConfig(ex), stream: { pingIntervalMs: 0 } });
    await service.start();
  }, 30_000);

  afterAll(async () => {
    service?.stop();
    await ex?.close();
  });

  it('names the SIP path beside an IEX one only', () => {
    expect(sipUrlOf('ws://127.0.0.1:9/v2/iex')).toBe('ws://127.0.0.1:9/v2/sip');
    expect(sipUrlOf('ws://127.0.0.1:9/v2/test')).toBeUndefined();
  });

  it('streams the NBBO quotes of the subscribed symbols, the same market the IEX stream shows', async () => {
    const sip: LiveQuote[] = [];
    const iex: LiveQuote[] = [];
    const release = service.nbboQuotes(['AAPL'], (q) => sip.push(q));
    expect(release).toBeDefined();
    const off = service.subscribe(['AAPL'], { onQuote: (q) => iex.push(q) });
    await expect.poll(() => sip.length, WAIT).toBeGreaterThan(20);
    await expect.poll(() => iex.length, WAIT).toBeGreaterThan(20);
    expect(new Set(sip.map((q) => q.symbol))).toEqual(new Set(['AAPL']));
    // A quote time both feeds delivered carries the same prices on both. Several quotes can share a millisecond
    // (the demo's quote flow clusters), so a SIP quote is matched against every IEX quote of its time.
    const byTime = new Map<number, Set<string>>();
    for (const q of iex) byTime.set(q.t, (byTime.get(q.t) ?? new Set()).add(`${q.bid}/${q.ask}`));
    // The newest IEX millisecond may still be arriving: only the times before it are complete.
    const lastIex = iex.reduce((m, q) => Math.max(m, q.t), -Infinity);
    const shared = sip.filter((q) => q.t < lastIex && byTime.has(q.t));
    expect(shared.length).toBeGreaterThan(0);
    for (const q of shared) expect([...byTime.get(q.t)!]).toContain(`${q.bid}/${q.ask}`);
    release!();
    off();
    await new Promise((r) => setTimeout(r, 500));
    const count = sip.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sip.length).toBe(count);
  }, 40_000);
});
