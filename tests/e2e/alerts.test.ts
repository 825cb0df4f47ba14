import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WAIT_MS = 20_000;

describe('Alerts tab in Chromium: create an alert and see it fire', () => {
  let session: ExchangeSession;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt('renderer');
    session = await openExchangeSession('alerts', { seed: 41, speed: 30 }, WAIT_MS);
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
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
    expect(session.workstation.alerts.rules().map((r) => r.condition)).toEqual([{ kind: 'percent-move', symbol: 'AAPL', percent: 0.02, windowMinutes: 5 }]);
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
    const stored = new Set(session.workstation.alerts.history(1000).map((f) => f.id));
    expect(stored.size).toBeGreaterThanOrEqual(shown);
    mkdirSync(join(root, 'test-output/e2e'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/e2e/alerts.png') });
    expect(session.pageErrors).toEqual([]);
  });
});
