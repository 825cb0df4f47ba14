import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChainResponse } from '../../../../src-shared/ipc/options-schemas.js';
import { hostOptionBot } from '../../../../src-main/bots/options/option-bot-host.js';
import { nyTime } from '../../../../src-main/exchange/market/ny-time.js';
import type { OrderManager } from '../../../../src-main/kernel/orders/order-manager.js';
import type { MarketDataApi } from '../../../../src-main/market-data/types.js';
import { OPTION_STRATEGIES } from '../../../../src-main/strategies/options/index.js';

/**
 * The bot service's schedule for an OptionsBot: one decision a trading day from 15:30 New York on the market's clock,
 * only while the market is open; its ledger's check is in the risk path while it runs and taken out when released.
 */
describe('hostOptionBot schedule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('decides once a day from 15:30 New York while the market is open, and releases its check', async () => {
    let now = nyTime('2024-03-06', 15, 0);
    let open = true;
    const checks = new Map<string, unknown>();
    const manager = {
      orders: () => [],
      fills: () => [],
      order: () => undefined,
      submit: () => Promise.reject(new Error('no orders expected')),
      events: { on: () => () => undefined },
      setSourceCheck: (source: string, check: unknown) => (check ? checks.set(source, check) : checks.delete(source)),
    } as unknown as OrderManager;
    const market = { marketClock: () => ({ now, isOpen: open, nextOpen: 0, nextClose: 0 }), bars: () => Promise.resolve({ symbol: 'SPY', timeframe: '1Day', source: 'demo-exchange', bars: [] }) } as unknown as MarketDataApi;
    const chainCalls: number[] = [];
    const chains = {
      chain: (): Promise<ChainResponse> => {
        chainCalls.push(now);
        return Promise.resolve({ underlying: 'SPY', spot: 500, asOf: now, expirations: [], rows: [], source: 'demo-exchange', computed: 0 });
      },
    };
    const actions: unknown[] = [];
    const hosted = hostOptionBot({ id: 'x', definition: OPTION_STRATEGIES.get('iron-condor')!, params: OPTION_STRATEGIES.get('iron-condor')!.params.parse({}), underlying: 'SPY', allocation: '10000', manager: () => manager, market: () => market, chains: () => chains, log: { info: () => {}, warn: () => {}, error: () => {} }, now: () => now, onActions: (a) => actions.push(a) });
    expect(checks.has('bot:x')).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(chainCalls).toEqual([]);
    now = nyTime('2024-03-06', 15, 31);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(chainCalls).toEqual([now]);
    // No bars: it is warming up, and says so.
    expect(actions).toEqual([[{ kind: 'skip', reason: 'warming up: 1 of 31 sessions' }]]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(chainCalls).toHaveLength(1);
    // The next day: closed at 15:45 (a holiday, say) means no decision; open again, one.
    now = nyTime('2024-03-07', 15, 45);
    open = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(chainCalls).toHaveLength(1);
    open = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(chainCalls).toHaveLength(2);
    hosted.release();
    expect(checks.has('bot:x')).toBe(false);
    now = nyTime('2024-03-08', 15, 45);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(chainCalls).toHaveLength(2);
  });
});
