// An indicator-condition alert made in the Alerts tab's form in Chromium, firing on the local exchange's market.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WAIT_MS = 30_000;

describe('Alerts tab in Chromium: an indicator crossing', () => {
  let session: ExchangeSession;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt('renderer');
    session = await openExchangeSession('indicator-alert', { seed: 43, speed: 60 }, WAIT_MS);
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
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
    expect(session.workstation.alerts.rules().map((r) => r.condition)).toEqual([
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
    expect(session.pageErrors).toEqual([]);
  });
});
