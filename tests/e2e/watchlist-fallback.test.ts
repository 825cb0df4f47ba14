// The Watchlist tab in Chromium through a market data outage: the local exchange stops (stream and REST gone), the
// rows keep moving from the synthetic generator, marked Synthetic and STALE; the exchange comes back on the same
// port, keys and clock, and the rows flip back to Demo exchange and live. Screenshots in test-output/e2e/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src-main/exchange/clock.js';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { endpointsOf, openGui, type Gui } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
// A Wednesday, 10:00 in New York: the market is open whatever the wall clock says when the test runs.
const MARKET_OPEN = Date.parse('2024-03-06T15:00:00Z');

describe('Watchlist tab in Chromium through a stream outage', () => {
  const clock = new SimulatedClock(MARKET_OPEN, 1);
  const exchanges: RunningExchange[] = [];
  let dataDir: string;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;
  const cell = (symbol: string, column: string) => page.locator(`.watchlist-grid [row-id="${symbol}"] [col-id="${column}"]`).first();
  const text = async (symbol: string, column: string): Promise<string> => (await cell(symbol, column).textContent()) ?? '';

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    const exchange = await startExchange({ seed: 21, clock });
    exchanges.push(exchange);
    dataDir = mkdtempSync(join(tmpdir(), 'watchlist-fallback-e2e-'));
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: endpointsOf(exchange) });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
  });

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    await Promise.all(exchanges.map((e) => e.close().catch(() => undefined)));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows live rows from the demo exchange', async () => {
    await page.getByTestId('open-tab-watchlist').click();
    await page.getByTestId('watchlist-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    for (const symbol of ['AAPL', 'MSFT', 'SPY']) {
      await expect.poll(() => text(symbol, 'source'), { timeout: WAIT_MS }).toBe('Demo exchange');
      await expect.poll(() => text(symbol, 'stale'), { timeout: WAIT_MS }).toBe('live');
    }
  });

  it('keeps every row moving from the synthetic generator while the exchange is down, marked Synthetic and STALE', async () => {
    const lastLive = await Promise.all(['AAPL', 'MSFT', 'SPY'].map(async (s) => Number(await text(s, 'last'))));
    await exchanges[0]!.close();
    for (const symbol of ['AAPL', 'MSFT', 'SPY']) {
      await expect.poll(() => text(symbol, 'source'), { timeout: WAIT_MS }).toBe('Synthetic');
      await expect.poll(() => text(symbol, 'stale'), { timeout: WAIT_MS }).toBe('STALE');
    }
    const values = async (): Promise<string> => (await Promise.all(['AAPL', 'MSFT', 'SPY'].flatMap((s) => ['last', 'bid', 'ask'].map((c) => text(s, c))))).join(' ');
    const before = await values();
    await expect.poll(values, { timeout: WAIT_MS }).not.toBe(before);
    // The movement starts from the last live price: no jump to the generator's own price level.
    for (const [i, symbol] of ['AAPL', 'MSFT', 'SPY'].entries()) {
      expect(Math.abs(Number(await text(symbol, 'last')) - lastLive[i]!) / lastLive[i]!).toBeLessThan(0.02);
    }
    const status = workstation.marketData.status();
    expect(status.symbols.map((s) => [s.symbol, s.source, s.stale]).sort()).toEqual([['AAPL', 'synthetic', true], ['MSFT', 'synthetic', true], ['SPY', 'synthetic', true]]);
    await page.screenshot({ path: join(screenshots, 'watchlist-fallback-synthetic.png') });
  });

  it('flips back to the demo exchange, live, once the stream is back and the gap filled', async () => {
    const first = exchanges[0]!;
    exchanges.push(await startExchange({ seed: 21, clock, port: first.port, keys: first.keys }));
    for (const symbol of ['AAPL', 'MSFT', 'SPY']) {
      await expect.poll(() => text(symbol, 'source'), { timeout: WAIT_MS }).toBe('Demo exchange');
      await expect.poll(() => text(symbol, 'stale'), { timeout: WAIT_MS }).toBe('live');
    }
    expect(workstation.marketData.live.backfillCount).toBeGreaterThanOrEqual(1);
    expect(workstation.marketData.liveFallback?.active).toBe(false);
    await page.screenshot({ path: join(screenshots, 'watchlist-fallback-back-live.png') });
    expect(gui.pageErrors).toEqual([]);
  });
});
