import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { endpointsOf, openGui, SESSION_START, type Gui } from '../support/gui.js';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { Workstation } from '../../src-main/services/workstation.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 20_000;

/**
 * The Watchlist tab in Chromium against the headless host, its market data from an Alpaca-compatible local
 * exchange over real HTTP and WebSocket (on a simulated clock inside market hours, so the rows tick).
 */
describe('Watchlist tab in Chromium', () => {
  let dataDir: string;
  let exchange: RunningExchange;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;

  const cell = (symbol: string, column: string) => page.locator(`.watchlist-grid [row-id="${symbol}"] [col-id="${column}"]`).first();
  const rowSymbols = async (): Promise<string[]> =>
    page.locator('.watchlist-grid .ag-pinned-left-cols-container [row-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id') ?? '').sort());

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    exchange = await startExchange({ seed: 21, speed: 1, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'watchlist-e2e-'));
    workstation = new Workstation({ dataDir, shell: 'headless', marketDataEndpoints: endpointsOf(exchange) });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
  });

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens with the default list, each row showing its data source', async () => {
    await page.getByTestId('open-tab-watchlist').click();
    await page.getByTestId('watchlist-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect.poll(rowSymbols, { timeout: WAIT_MS }).toEqual(['AAPL', 'MSFT', 'SPY']);
    await expect.poll(async () => cell('SPY', 'source').textContent(), { timeout: WAIT_MS }).toBe('Demo exchange');
    await expect.poll(async () => cell('SPY', 'last').textContent(), { timeout: WAIT_MS }).toMatch(/^\d+\.\d{2}$/);
  });

  it('adds a symbol with Enter and sees it tick', async () => {
    const input = page.getByTestId('watchlist-add-input');
    await input.fill('nvda');
    await input.press('Enter');
    await expect.poll(rowSymbols, { timeout: WAIT_MS }).toEqual(['AAPL', 'MSFT', 'NVDA', 'SPY']);
    const values = async (): Promise<string> => (await Promise.all(['last', 'bid', 'ask', 'volume'].map((c) => cell('NVDA', c).textContent()))).join(' ');
    await expect.poll(async () => cell('NVDA', 'bid').textContent(), { timeout: WAIT_MS }).toMatch(/^\d+\.\d{2}$/);
    const first = await values();
    await expect.poll(values, { timeout: WAIT_MS }).not.toBe(first);
    expect(await cell('NVDA', 'stale').textContent()).toBe('live');
    await page.screenshot({ path: join(screenshots, 'watchlist-live.png') });
  });

  it('refuses an unknown symbol with a clear error and leaves the list unchanged', async () => {
    const input = page.getByTestId('watchlist-add-input');
    await input.fill('ZZZZQ');
    await input.press('Enter');
    await expect.poll(async () => page.getByTestId('watchlist-error').textContent(), { timeout: WAIT_MS }).toContain('ZZZZQ is not a symbol');
    expect(await rowSymbols()).toEqual(['AAPL', 'MSFT', 'NVDA', 'SPY']);
    await page.screenshot({ path: join(screenshots, 'watchlist-unknown-symbol.png') });
  });

  it('removes the focused row with Delete, and keeps several named lists', async () => {
    await cell('MSFT', 'last').click();
    await page.keyboard.press('Delete');
    await expect.poll(rowSymbols, { timeout: WAIT_MS }).toEqual(['AAPL', 'NVDA', 'SPY']);

    await page.getByTestId('watchlist-new-name').fill('Megacaps');
    await page.getByTestId('watchlist-new-name').press('Enter');
    await expect.poll(rowSymbols, { timeout: WAIT_MS }).toEqual([]);
    await page.getByTestId('watchlist-add-input').fill('TSLA');
    await page.getByTestId('watchlist-add-input').press('Enter');
    await expect.poll(rowSymbols, { timeout: WAIT_MS }).toEqual(['TSLA']);
    await page.getByTestId('watchlist-select').selectOption('Default');
    await expect.poll(rowSymbols, { timeout: WAIT_MS }).toEqual(['AAPL', 'NVDA', 'SPY']);
    // Saved in main's database, not just in the page.
    expect(workstation.marketData.watchlists()).toEqual([
      { name: 'Default', symbols: ['SPY', 'AAPL', 'NVDA'] },
      { name: 'Megacaps', symbols: ['TSLA'] },
    ]);
    await page.screenshot({ path: join(screenshots, 'watchlist-lists.png') });
    expect(gui.cspViolations).toEqual([]);
    expect(gui.pageErrors).toEqual([]);
  });
});
