import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, collectPageProblems, waitForDock } from '../support/chromium.js';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WAIT_MS = 20_000;
/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');

describe('Alerts tab in Chromium: create an alert and see it fire', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt('renderer');
    exchange = await startExchange({ seed: 41, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-alerts-'));
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

  it('creates a percent-move alert from the form and shows it in the rules', async () => {
    await page.getByTestId('open-tab-alerts').click();
    await page.getByTestId('alerts-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('alert-kind').selectOption('percent-move');
    await page.getByTestId('alert-symbol').fill('aapl');
    await page.getByTestId('alert-percent').fill('0.02');
    await page.getByTestId('alert-window').fill('5');
    await page.getByTestId('alert-name').fill('AAPL wiggle');
    await page.getByTestId('alert-create').click();
    const row = page.locator('[data-testid="alert-rule-row"][data-rule-name="AAPL wiggle"]');
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.textContent()).toContain('AAPL moves 0.02% within 5 min');
    expect(workstation.alerts.rules().map((r) => r.condition)).toEqual([{ kind: 'percent-move', symbol: 'AAPL', percent: 0.02, windowMinutes: 5 }]);
  });

  it('refuses a bad rule with the reason from main', async () => {
    await page.getByTestId('alert-kind').selectOption('price-above');
    await page.getByTestId('alert-symbol').fill('AAPL');
    await page.getByTestId('alert-level').fill('-5');
    await page.getByTestId('alert-create').click();
    await page.getByTestId('alert-form-error').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('alert-form-error').textContent()).toMatch(/level/);
  });

  it('shows the alert firing on the live market', async () => {
    const fired = page.locator('[data-testid="alert-fired-row"][data-kind="percent-move"]');
    await fired.first().waitFor({ timeout: WAIT_MS });
    expect(await fired.first().textContent()).toMatch(/AAPL wiggle\s*AAPL moved [+-]\d+\.\d\d% in \d+ s/);
    // Every row the GUI shows is a stored firing (counted first: firings keep arriving while this runs).
    const shown = await page.locator('[data-testid="alert-fired-row"]').count();
    const stored = new Set(workstation.alerts.history(1000).map((f) => f.id));
    expect(stored.size).toBeGreaterThanOrEqual(shown);
    mkdirSync(join(root, 'test-output/e2e'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/e2e/alerts.png') });
    expect(pageErrors).toEqual([]);
  });
});
