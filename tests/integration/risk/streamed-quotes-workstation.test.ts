import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import type { ExecutionVenue } from '../../../src-main/kernel/orders/venue.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ipcCaller, waitUntil } from '../../support/ipc-call.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 30_000;

/**
 * The workstation feeds the live stream's quotes to the order path's risk check: once a followed symbol has streamed
 * a quote, an order on it is checked without a quote request to the broker. A real workstation (headless, demo) on
 * the local exchange, its market data stream over WebSocket.
 */
describe('streamed quotes reach the risk check (workstation, local exchange)', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  const call = ipcCaller(() => workstation);

  beforeAll(async () => {
    exchange = await startExchange({ seed: 78, speed: 1, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'streamed-quotes-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    const orders = workstation.orders;
    await waitUntil(() => orders.ready && orders.manager.streamReady && orders.manager.reconciliation !== undefined, 'the order path', WAIT_MS, 50);
  });

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('an order on a symbol the app follows is checked on its streamed quote, with no quote request', async () => {
    const symbol = 'NVDA';
    let streamed = 0;
    const release = workstation.marketData.subscribe([symbol], { onQuote: (q) => void (q.symbol === symbol && q.bid > 0 && (streamed += 1)) });
    try {
      await expect.poll(() => streamed, { timeout: WAIT_MS }).toBeGreaterThan(0);
      // The manager's venue is private: reached here only to count its quote requests.
      const venue = (workstation.orders.manager as unknown as { venue: ExecutionVenue }).venue;
      const fetched: string[] = [];
      const latestQuote = venue.latestQuote.bind(venue);
      venue.latestQuote = (s) => {
        fetched.push(s);
        return latestQuote(s);
      };
      const reply = await call<{ ok: boolean; code?: string; message?: string }>('orders.submit', { intent: { symbol, side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, requestKey: 'streamed-quote-1' });
      expect(reply.ok, `${reply.code}: ${reply.message}`).toBe(true);
      expect(fetched).toEqual([]);
    } finally {
      release();
    }
  });
});
