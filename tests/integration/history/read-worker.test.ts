import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { HistoryReadClient } from '../../../src-main/history/read-client.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { tempStores } from '../../unit/history/temp-store.js';
import { buildReadWorker } from './read-worker-build.js';

const stores = tempStores();
const clients: HistoryReadClient[] = [];
let workerScript = '';

beforeAll(async () => {
  workerScript = await buildReadWorker();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  stores.cleanup();
});

describe('history read worker', () => {
  it('returns the same bars as the direct read, for whole series, ranges and limits', async () => {
    const { store, file } = stores.open();
    for (const name of ['nvda-1999-2014', 'orcl-1995-2014']) {
      const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, `${name}.txt`), 'utf8'), name);
      store.writeBars(name.slice(0, 4), '1Day', rows, 'yahoo');
    }
    // Intraday bars too: 50,000 synthetic minutes (the worker's transfer is columns, so size matters here).
    const minutes = Array.from({ length: 50_000 }, (_, i) => ({ t: Date.UTC(2024, 0, 2, 14, 30) + i * 60_000, o: 100 + (i % 7), h: 108, l: 99, c: 100 + (i % 5), v: i }));
    store.writeBars('SPY', '1Min', minutes);
    const client = new HistoryReadClient(file, { workerScript });
    clients.push(client);

    const cases = [
      ['NVDA', '1Day', {}],
      ['ORCL', '1Day', { from: Date.UTC(2003, 0, 1), to: Date.UTC(2005, 11, 31) }],
      ['ORCL', '1Day', { limit: 10, fromEnd: true }],
      ['SPY', '1Min', {}],
      ['SPY', '1Min', { from: minutes[1000]!.t, to: minutes[1999]!.t }],
      ['AAPL', '1Day', {}],
    ] as const;
    for (const [symbol, timeframe, range] of cases) {
      const direct = store.readBars(symbol, timeframe, range);
      const viaWorker = await client.readBars(symbol, timeframe, range);
      expect(viaWorker.length).toBe(direct.length);
      expect(viaWorker).toEqual(direct);
    }
    expect((await client.readBars('NVDA', '1Day')).length).toBe(4012);
    // Concurrent requests each get their own answer.
    const [a, b] = await Promise.all([client.readColumns('SPY', '1Min', { limit: 5 }), client.readColumns('NVDA', '1Day', { limit: 3 })]);
    expect(Array.from(a.t)).toEqual(minutes.slice(0, 5).map((m) => m.t));
    expect(b.t.length).toBe(3);
  });

  it('sees bars written after it started (WAL: readers beside the writer)', async () => {
    const { store, file } = stores.open();
    store.writeBars('X', '1Day', [{ t: Date.UTC(2024, 0, 2), o: 1, h: 2, l: 1, c: 2, v: 1 }]);
    const client = new HistoryReadClient(file, { workerScript });
    clients.push(client);
    expect((await client.readBars('X', '1Day')).length).toBe(1);
    store.writeBars('X', '1Day', [{ t: Date.UTC(2024, 0, 3), o: 2, h: 3, l: 2, c: 3, v: 1 }]);
    expect(await client.readBars('X', '1Day')).toEqual(store.readBars('X', '1Day'));
  });

  it('rejects with the store’s coded error and keeps serving', async () => {
    const { store, file } = stores.open();
    store.writeBars('X', '1Day', [{ t: Date.UTC(2024, 0, 2), o: 1, h: 2, l: 1, c: 2, v: 1 }]);
    const client = new HistoryReadClient(file, { workerScript });
    clients.push(client);
    await expect(client.readBars('not a symbol', '1Day')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not a valid ticker') });
    expect((await client.readBars('X', '1Day')).length).toBe(1);
  });
});
