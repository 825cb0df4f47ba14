import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-shared/ipc/errors.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 30_000;

interface LimitsReply {
  limits: Record<string, string>;
  defaults: Record<string, string>;
  usage: { largestPosition: { symbol: string; qty: string } | null; grossExposure: string | null; dayLoss: string | null; drawdown: string | null; note: string | null };
}

/**
 * Risk limits set from Settings (risk.setLimits) against a real workstation and the local exchange: they bind the
 * next order at once, survive a restart (stored in the workstation database), and come with the account's usage.
 */
describe('risk limits from Settings', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;

  const open = async (): Promise<void> => {
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    const deadline = Date.now() + WAIT_MS;
    const orders = workstation.orders;
    while (!(orders.ready && orders.manager.streamReady && orders.manager.reconciliation !== undefined)) {
      if (Date.now() > deadline) throw new Error('orders did not become ready');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const dispatch = (channel: string, request: unknown): Promise<Envelope<unknown>> => workstation.router.dispatch(channel, request, { signal: new AbortController().signal, peer: 'test' });
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const reply = await dispatch(channel, request);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
  const buy = (qty: string, key: string) => call<{ ok: boolean; code?: string; message?: string }>('orders.submit', { intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty }, requestKey: key });

  beforeAll(async () => {
    exchange = await startExchange({ seed: 77, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'risk-limits-'));
    await open();
  });

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts at the engine defaults, with the usage of each limit', async () => {
    const reply = await call<LimitsReply>('risk.limits', {});
    expect(reply.limits).toEqual(reply.defaults);
    expect(reply.limits.maxOrderQty).toBe('10000');
    expect(reply.usage).toEqual({ largestPosition: null, grossExposure: '0.00', dayLoss: '0.00', drawdown: '0.0000', note: null });
  });

  it('a lower order-size limit binds the next order; the usage follows the position', async () => {
    const reply = await call<LimitsReply>('risk.setLimits', { ...(await call<LimitsReply>('risk.limits', {})).limits, maxOrderQty: '5' });
    expect(reply.limits.maxOrderQty).toBe('5');
    expect(await buy('10', 'risk-limits-10')).toMatchObject({ ok: false, code: 'MAX_ORDER_QTY' });
    expect(await buy('3', 'risk-limits-3')).toMatchObject({ ok: true });
    const deadline = Date.now() + WAIT_MS;
    let usage = (await call<LimitsReply>('risk.limits', {})).usage;
    while (usage.largestPosition?.qty !== '3') {
      if (Date.now() > deadline) throw new Error(`the position never showed in the usage: ${JSON.stringify(usage)}`);
      await new Promise((r) => setTimeout(r, 200));
      usage = (await call<LimitsReply>('risk.limits', {})).usage;
    }
    expect(usage.largestPosition).toEqual({ symbol: 'AAPL', qty: '3' });
    expect(Number(usage.grossExposure)).toBeGreaterThan(0);
  });

  it('refuses a limit that makes no sense, and keeps the one in force', async () => {
    const { limits } = await call<LimitsReply>('risk.limits', {});
    const refused = await dispatch('risk.setLimits', { ...limits, maxDrawdown: '20' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!refused.ok && refused.error.message).toMatch(/max drawdown: is a fraction/);
    expect(await dispatch('risk.setLimits', { ...limits, maxOrderQty: '0' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await call<LimitsReply>('risk.limits', {})).limits.maxOrderQty).toBe('5');
  });

  it('keeps the limits across a restart', async () => {
    await workstation.stop();
    await open();
    expect((await call<LimitsReply>('risk.limits', {})).limits.maxOrderQty).toBe('5');
    expect(await buy('6', 'risk-limits-6')).toMatchObject({ ok: false, code: 'MAX_ORDER_QTY' });
  });
});
