import { UnrecoverableError } from 'bullmq';
import type { Timeframe } from '../../src-shared/domain/bar.js';
import { TIMEFRAMES } from '../../src-shared/domain/bar.js';
import type { MarketData } from '../backtest/market-data.js';
import { catalogArgs, loadCatalogData } from '../catalog/load.js';
import { encodeDataset } from './dataset.js';
import type { DataRef } from './protocol.js';

/**
 * Bars named by a catalog URI (the shared bucket), read by the worker with its own credentials (environment or
 * keychain, as the catalog commands find them). The producer read the same range and sent the hash of what it
 * read: bars that differ (the catalog changed meanwhile, another bucket behind the same name) fail the job for
 * good instead of giving a result the local run would not.
 */
export async function readCatalogBars(ref: Extract<DataRef, { kind: 'catalog' }>): Promise<MarketData> {
  if (!(TIMEFRAMES as readonly string[]).includes(ref.timeframe)) throw new UnrecoverableError(`unknown timeframe "${ref.timeframe}" in a catalog job`);
  const local = catalogArgs({ catalog: ref.uri }, process.env)!;
  const options = {
    ...local.options,
    ...(ref.s3Endpoint !== undefined ? { s3Endpoint: ref.s3Endpoint } : {}),
    ...(ref.s3Region !== undefined ? { s3Region: ref.s3Region } : {}),
  };
  const { data } = await loadCatalogData({
    catalog: ref.uri,
    options,
    symbols: ref.symbols,
    timeframe: ref.timeframe as Timeframe,
    ...(ref.from !== undefined ? { from: ref.from } : {}),
    ...(ref.to !== undefined ? { to: ref.to } : {}),
  });
  if (encodeDataset(data).sha256 !== ref.sha256) {
    throw new UnrecoverableError(`the bars this worker read from ${ref.uri} differ from the producer's (the catalog changed during the run, or another bucket answers to that name)`);
  }
  return data;
}
