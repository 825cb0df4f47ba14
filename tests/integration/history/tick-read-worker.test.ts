import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteColumns } from '../../../src-main/backtest/market-data.js';
import { HistoryReadClient } from '../../../src-main/history/read-client.js';
import { TickStore } from '../../../src-main/history/ticks/tick-store.js';
import { tempStores } from '../../unit/history/temp-store.js';
import { buildReadWorker } from './read-worker-build.js';

const stores = tempStores();
const bytes = (c: Float64Array) => Buffer.from(c.buffer, c.byteOffset, c.byteLength);
const clients: HistoryReadClient[] = [];
let workerScript = '';

beforeAll(async () => {
  workerScript = await buildReadWorker();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  stores.cleanup();
});

describe('history read worker, ticks', () => {
  it('returns the stored quotes of a window as columns equal to the direct read', async () => {
    const { store, file } = stores.open();
    const ticks = new TickStore(store.db);
    const n = 200_000;
    const start = Date.UTC(2024, 2, 1, 14, 30);
    const t = Float64Array.from({ length: n }, (_, i) => start + i * 100);
    const bid = Float64Array.from({ length: n }, (_, i) => 50 + (i % 13) * 0.01);
    // Two chunks, as two recorder flushes would write them.
    const half = (c: Float64Array, a: number, b: number) => c.slice(a, b);
    const q: QuoteColumns = { t, bid, bidSize: bid.map((x) => x * 3), ask: bid.map((x) => x + 0.01), askSize: bid.map((x) => x * 2) };
    for (const [a, b] of [[0, n / 2], [n / 2, n]] as const) {
      ticks.append('SPY', 'quotes', { t: half(q.t, a, b), bid: half(q.bid, a, b), bidSize: half(q.bidSize, a, b), ask: half(q.ask, a, b), askSize: half(q.askSize, a, b) });
    }
    const client = new HistoryReadClient(file, { workerScript });
    clients.push(client);
    for (const range of [{}, { from: t[1234]!, to: t[150_000]! }]) {
      const viaWorker = (await client.readTicks('SPY', 'quotes', range)) as QuoteColumns;
      const direct = ticks.read('SPY', 'quotes', range) as QuoteColumns;
      expect(viaWorker.t.length).toBe(direct.t.length);
      for (const k of ['t', 'bid', 'bidSize', 'ask', 'askSize'] as const) expect(bytes(viaWorker[k]).equals(bytes(direct[k]))).toBe(true);
      expect(viaWorker.t[0]).toBe(range.from ?? start);
    }
    expect(client.served.ticks).toBe(2);
  });
});
