import { UnrecoverableError } from 'bullmq';
import type { MarketData } from '../backtest/market-data.js';
import type { DataRef } from './protocol.js';

/**
 * Bars named by a catalog URI (the shared bucket), read by the worker with its own credentials. The producer sends
 * small data inline (a dataset in Redis) until the catalog's read API is wired in here; a job that names a catalog
 * fails at once with this message rather than running on other bars.
 */
export async function readCatalogBars(ref: Extract<DataRef, { kind: 'catalog' }>): Promise<MarketData> {
  throw new UnrecoverableError(`this worker cannot read the catalog yet (${ref.uri}); send the bars inline (the producer does so without --catalog)`);
}
