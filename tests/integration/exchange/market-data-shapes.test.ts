import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameShape, type ShapeOptions } from '../../support/json-shape.js';
import { startHarness, type Harness } from './market-data-harness.js';
import { CONTRACT_DIR } from '../../support/contract.js';

/** Every recorded market data payload, requested from the local exchange and compared by JSON shape. */
const DIR = join(CONTRACT_DIR, 'market-data');
const C = 'AAPL240308C00172500';
const P = 'AAPL240308P00172500';
const Q5 = '/v2/stocks/quotes?symbols=AAPL&start=2024-03-07T15:00:00Z&limit=5';

const TABLE: Record<string, { path: string; options?: ShapeOptions; ignore?: string[] }> = {
  'options-bars-AAPL240308C00172500-1Hour.json': { path: `/v1beta1/options/bars?symbols=${C}&timeframe=1Hour&start=2024-03-05`, options: { mapKeys: ['bars'] } },
  'options-bars-multi-SPY.json': { path: '/v1beta1/options/bars?symbols=SPY240426C00550000,SPY240426C00555000&timeframe=1Hour&start=2024-03-06', options: { mapKeys: ['bars'] } },
  // The older recording has no greeks; the page 2 recording shows them.
  'options-chain-AAPL-page1.json': { path: '/v1beta1/options/snapshots/AAPL?limit=1', options: { mapKeys: ['snapshots'], allowExtraKeys: true } },
  'options-chain-AAPL-page2-greeks.json': { path: '/v1beta1/options/snapshots/AAPL?limit=1', options: { mapKeys: ['snapshots'] } },
  'options-latest-quote-SPXW240327P04925000.json': { path: `/v1beta1/options/quotes/latest?symbols=${C}`, options: { mapKeys: ['quotes'] } },
  'options-latest-trades-multi-AAPL.json': { path: `/v1beta1/options/trades/latest?symbols=${C},${P}`, options: { mapKeys: ['trades'] } },
  'options-snapshots-empty.json': { path: '/v1beta1/options/snapshots?symbols=NOPE240308C00100000', options: { mapKeys: ['snapshots'] } },
  'options-snapshots-greeks-AAPL240126P00050000.json': { path: `/v1beta1/options/snapshots?symbols=${P}`, options: { mapKeys: ['snapshots'] } },
  'options-trades-AAPL240308C00172500-page.json': { path: `/v1beta1/options/trades?symbols=${C}&start=2024-03-05&limit=2`, options: { mapKeys: ['trades'] } },
  'stocks-bars-AMZN-15Min.json': { path: '/v2/stocks/bars?symbols=AMZN&timeframe=15Min&start=2024-03-06', options: { mapKeys: ['bars'] } },
  'stocks-bars-META-1Day-page1.json': { path: '/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-02-01&limit=2', options: { mapKeys: ['bars'] } },
  'stocks-bars-META-1Day-page2.json': { path: '/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-02-05&limit=2', options: { mapKeys: ['bars'] } },
  'stocks-bars-empty.json': { path: '/v2/stocks/bars?symbols=NOPE&timeframe=1Day&start=2024-01-01', options: { mapKeys: ['bars'] } },
  'stocks-bars-multi-AAPL-NIO-1Day.json': { path: '/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Day&start=2024-03-01', options: { mapKeys: ['bars'] } },
  'stocks-bars-single-endpoint-AAPL.from-docs.json': { path: '/v2/stocks/AAPL/bars?timeframe=1Hour&start=2024-03-06&limit=1' },
  'stocks-latest-bars-NIO-AAPL.json': { path: '/v2/stocks/bars/latest?symbols=AAPL,MSFT', options: { mapKeys: ['bars'] } },
  'stocks-latest-quotes-F-TSLA-GE.json': { path: '/v2/stocks/quotes/latest?symbols=TSLA,AAPL,NOPE', options: { mapKeys: ['quotes'] } },
  'stocks-latest-trade-single-endpoint-AAPL.json': { path: '/v2/stocks/AAPL/trades/latest' },
  'stocks-latest-trades-IBM-MSFT.json': { path: '/v2/stocks/trades/latest?symbols=AAPL,MSFT', options: { mapKeys: ['trades'] } },
  'stocks-quotes-IBM-page1.json': { path: Q5, options: { mapKeys: ['quotes'] } },
  'stocks-quotes-IBM-page2.json': { path: Q5, options: { mapKeys: ['quotes'] } },
  'stocks-quotes-multi-BA.json': { path: Q5, options: { mapKeys: ['quotes'] } },
  // Older single-symbol recording: its bars lack n/vw and its quote lacks z, which newer payloads carry.
  'stocks-snapshot-single-endpoint-AAPL.json': { path: '/v2/stocks/AAPL/snapshot', options: { allowExtraKeys: true } },
  'stocks-snapshots-AAPL-MSFT-INVALID.json': { path: '/v2/stocks/snapshots?symbols=AAPL,MSFT,INVALID', options: { topLevelMap: true, allowExtraKeys: true } },
  'stocks-trades-AAPL-page.json': { path: '/v2/stocks/trades?symbols=AAPL&start=2024-03-07T15:00:00Z&limit=1', options: { mapKeys: ['trades'] } },
  'stocks-trades-multi-F-GE.json': { path: '/v2/stocks/trades?symbols=AAPL,MSFT&start=2024-03-07T15:00:00Z&end=2024-03-07T15:00:01Z', options: { mapKeys: ['trades'] } },
  'stocks-trades-single-endpoint-AAPL.from-docs.json': { path: '/v2/stocks/AAPL/trades?start=2024-03-07T15:00:00Z&limit=1' },
  // The synthetic market never cancels a trade, so the update flag `u` never appears.
  'stocks-trades-with-update-canceled.json': { path: '/v2/stocks/trades?symbols=AAPL&start=2024-03-07T15:00:00Z&limit=2', options: { mapKeys: ['trades'] }, ignore: ['u'] },
};

function stripKeys(value: unknown, keys: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => stripKeys(v, keys));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)).map(([k, v]) => [k, stripKeys(v, keys)]));
}

describe('market data payloads have the recorded shapes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('covers every recorded file', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(TABLE).sort());
  });

  for (const [file, entry] of Object.entries(TABLE)) {
    it(file, async () => {
      const recorded = stripKeys(JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as unknown, entry.ignore ?? []);
      const { status, body } = await h.get(entry.path);
      expect(status, JSON.stringify(body)).toBe(200);
      if (!file.includes('empty')) expect(JSON.stringify(body)).not.toMatch(/^\{"(bars|trades|quotes|snapshots)":\{\}/);
      expectSameShape(body, recorded, entry.options);
    });
  }
});
