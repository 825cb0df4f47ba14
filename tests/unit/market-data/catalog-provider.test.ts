import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { emptyColumns } from '../../../src-shared/domain/bar-columns.js';
import { openCatalog } from '../../../src-main/catalog/catalog.js';
import { CatalogProvider } from '../../../src-main/market-data/catalog-provider.js';
import { orderProviders, parseProviderOrder } from '../../../src-main/market-data/provider-order.js';
import { CacheProvider, ProviderChain, type BarRequest, type MarketDataProvider } from '../../../src-main/market-data/providers.js';
import { SyntheticProvider } from '../../../src-main/market-data/synthetic-provider.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A broker that is down: every call throws, as the Alpaca provider does when the API cannot be reached. */
const downBroker: MarketDataProvider = {
  source: 'alpaca',
  bars: () => Promise.reject(new Error('ECONNREFUSED')),
  snapshots: () => Promise.reject(new Error('ECONNREFUSED')),
};

/** An offline cache holding nothing. */
const emptyCache = new CacheProvider({ writeBars: () => undefined, readBars: (): Bar[] => [] });

async function catalogWithMinutes(count: number): Promise<CatalogProvider> {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-provider-'));
  dirs.push(dir);
  const catalog = openCatalog(dir, { rowGroupSize: 500 });
  const c = emptyColumns(count);
  // Minute bars spanning two months, so the latest bars come from the newest file.
  const start = Date.UTC(2024, 0, 31, 12);
  for (let i = 0; i < count; i++) {
    c.t[i] = start + i * 60_000;
    c.o[i] = c.h[i] = c.l[i] = c.c[i] = 100 + i / 100;
    c.v[i] = i;
  }
  await catalog.writeBars('AAPL', '1Min', c);
  return new CatalogProvider(catalog);
}

describe('the catalog in the provider chain', () => {
  it('serves bars when the broker is down, before the cache and the generator, with the most recent bars of the range', async () => {
    const catalog = await catalogWithMinutes(3000);
    const synthetic = new SyntheticProvider({ seed: 1, clock: { now: () => Date.UTC(2024, 1, 2) } });
    const chain = new ProviderChain(orderProviders([synthetic, emptyCache, catalog, downBroker]));
    expect(chain.providers.map((p) => p.source)).toEqual(['alpaca', 'catalog', 'history-store', 'synthetic']);
    const request: BarRequest = { symbol: 'AAPL', timeframe: '1Min', start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 2, 1), limit: 100 };
    const result = await chain.bars(request);
    expect(result?.source).toBe('catalog');
    expect(result?.value).toHaveLength(100);
    expect(result?.value[99]!.t).toBe(Date.UTC(2024, 0, 31, 12) + 2999 * 60_000);
    expect(result?.value[0]!.t).toBe(Date.UTC(2024, 0, 31, 12) + 2900 * 60_000);
    // The latest 100 bars sit in the February file: January's was not opened.
    expect(catalog.catalog.stats.filesOpened).toBe(1);
    expect(chain.report().find((h) => h.source === 'alpaca')?.ok).toBe(false);
    // A symbol the catalog does not hold goes on to the next provider.
    const other = await chain.bars({ ...request, symbol: 'MSFT' });
    expect(other?.source).toBe('synthetic');
  });

  it('follows a configured order; sources left out keep their default places after the named ones', () => {
    expect(parseProviderOrder(undefined)).toBeUndefined();
    expect(parseProviderOrder('history-store,catalog')).toEqual(['history-store', 'catalog']);
    expect(parseProviderOrder('alpaca,history-store')).toEqual(['alpaca', 'demo-exchange', 'history-store']);
    expect(() => parseProviderOrder('alpaca,minio')).toThrow(/"minio" is not one of/);
    const sources = (order?: string) => orderProviders([{ source: 'synthetic' }, { source: 'history-store' }, { source: 'catalog' }, { source: 'demo-exchange' }] as const, parseProviderOrder(order)).map((p) => p.source);
    expect(sources()).toEqual(['demo-exchange', 'catalog', 'history-store', 'synthetic']);
    expect(sources('history-store,catalog')).toEqual(['history-store', 'catalog', 'demo-exchange', 'synthetic']);
  });
});
