import type { Bar } from '../../src-shared/domain/bar.js';
import type { Catalog } from '../catalog/catalog.js';
import { columnsToBars } from '../history/columns.js';
import type { BarRequest, MarketDataProvider, ProviderSnapshot } from './providers.js';

/**
 * Rows decoded per step: about a millisecond of decoding, so main's loop is let through between steps (each step
 * awaits its range read) and a large read never holds it for long.
 */
const STEP_ROWS = 20_000;

/**
 * The Parquet catalog (a folder or an S3 bucket) as a link of the provider chain: the cold history between the
 * broker and history.sqlite. Nothing held answers undefined (the chain asks the next provider); a catalog that
 * cannot be reached throws, and the chain skips it for a while.
 */
export class CatalogProvider implements MarketDataProvider {
  readonly source = 'catalog' as const;

  constructor(readonly catalog: Catalog) {}

  async bars(request: BarRequest, signal?: AbortSignal): Promise<Bar[] | undefined> {
    const columns = await this.catalog.readLatest(request.symbol, request.timeframe, request.start, request.end, request.limit, { chunkRows: STEP_ROWS, ...(signal ? { signal } : {}) });
    return columns.t.length > 0 ? columnsToBars(columns) : undefined;
  }

  /** The last two daily bars as a snapshot: no quote, the last close as the last trade. */
  async snapshots(symbols: string[], signal?: AbortSignal): Promise<Map<string, ProviderSnapshot> | undefined> {
    const out = new Map<string, ProviderSnapshot>();
    for (const symbol of symbols) {
      const daily = columnsToBars(await this.catalog.readLatest(symbol, '1Day', undefined, undefined, 2, signal ? { signal } : {}));
      const last = daily[daily.length - 1];
      if (!last) continue;
      out.set(symbol, { latestTrade: { symbol, t: last.t, price: last.c, size: 0 }, latestQuote: null, dailyBar: last, prevDailyBar: daily.length > 1 ? daily[0]! : null });
    }
    return out.size > 0 ? out : undefined;
  }

  close(): void {
    this.catalog.close();
  }
}
