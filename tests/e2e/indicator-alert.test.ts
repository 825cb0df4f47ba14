// An indicator-condition alert made in the Alerts tab's form in Chromium, firing on the local exchange's market.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, launchChromium, waitForDock } from '../support/chromium.js';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WAIT_MS = 30_000;
/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');

describe('Alerts tab in Chromium: an indicator crossing', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt('renderer');
    exchange = await startExchange({ seed: 43, speed: 60, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-indicator-alert-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    host = await startHost({ workstation, rendererDir: join(root, 'dist/renderer'), port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageProblems(page, pageErrors);
    await page.goto(host.urlWithToken);
    await waitForDock(page, WAIT_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates "RSI(2) of AAPL on 1Min crosses above 50" in the form and sees it fire', async () => {
    await page.getByTestId('open-tab-alerts').click();
    await page.getByTestId('alerts-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('alert-kind').selectOption('indicator');
    await page.getByTestId('alert-symbol').fill('aapl');
    // The indicator list comes from main's registry.
    await expect.poll(async () => page.getByTestId('alert-indicator').locator('option').count(), { timeout: WAIT_MS }).toBeGreaterThan(10);
    await page.getByTestId('alert-indicator').selectOption('rsi');
    await page.getByTestId('alert-indicator-param-period').fill('2');
    await page.getByTestId('alert-indicator-timeframe').selectOption('1Min');
    await page.getByTestId('alert-indicator-direction').selectOption('crosses-above');
    await page.getByTestId('alert-indicator-level').fill('50');
    await page.getByTestId('alert-name').fill('AAPL RSI up');
    await page.getByTestId('alert-create').click();
    const row = page.locator('[data-testid="alert-rule-row"][data-rule-name="AAPL RSI up"]');
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.textContent()).toContain('RSI(2) of AAPL on 1Min crosses above 50');
    expect(workstation.alerts.rules().map((r) => r.condition)).toEqual([
      { kind: 'indicator', symbol: 'AAPL', timeframe: '1Min', indicator: 'rsi', params: { period: 2 }, direction: 'crosses-above', level: 50 },
    ]);

    const fired = page.locator('[data-testid="alert-fired-row"][data-kind="indicator"]');
    await fired.first().waitFor({ timeout: WAIT_MS });
    expect(await fired.first().textContent()).toMatch(/AAPL RSI up\s*RSI\(2\) of AAPL on 1Min crossed above 50\.00/);
    mkdirSync(join(root, 'test-output/e2e'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/e2e/indicator-alert.png') });
  });

  it('refuses an indicator parameter out of range with the reason from main', async () => {
    await page.getByTestId('alert-indicator-param-period').fill('0');
    await page.getByTestId('alert-name').fill('bad RSI');
    await page.getByTestId('alert-create').click();
    await page.getByTestId('alert-form-error').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('alert-form-error').textContent()).toMatch(/period/i);
    expect(pageErrors).toEqual([]);
  });
});
