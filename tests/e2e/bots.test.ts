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
const WAIT_MS = 30_000;
/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');

describe('Bots tab in Chromium: create a bot, start it, see it trade, stop it', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt('renderer');
    exchange = await startExchange({ seed: 43, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-bots-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    host = await startHost({ workstation, rendererDir: join(root, 'dist/renderer'), port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageProblems(page, pageErrors);
    await page.goto(host.urlWithToken);
    await waitForDock(page, WAIT_MS);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a parameter outside its schema range, naming it, before anything is sent', async () => {
    await page.getByTestId('open-tab-bots').click();
    await page.getByTestId('bots-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('bot-param-fast').fill('0');
    await page.getByTestId('bot-symbols').fill('AAPL');
    await page.getByTestId('bot-create').click();
    await page.getByTestId('bot-form-error').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('bot-form-error').textContent()).toMatch(/fast must be between 1 and 500/);
    expect(workstation.bots.list()).toEqual([]);
  });

  it('creates sma-cross from the schema form with the keyboard, starts it, and shows its state and orders', async () => {
    await page.getByTestId('bot-param-fast').fill('1');
    await page.getByTestId('bot-param-slow').fill('2');
    await page.getByTestId('bot-param-size').fill('1');
    await page.getByTestId('bot-timeframe').selectOption('1Min');
    await page.getByTestId('bot-name').fill('AAPL minute cross');
    // Enter in a field submits the form.
    await page.getByTestId('bot-name').press('Enter');
    const row = page.locator('[data-testid="bot-row"][data-bot-name="AAPL minute cross"]');
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.getAttribute('data-state')).toBe('stopped');
    expect(await row.textContent()).toContain('fast=1 slow=2 size=1');
    expect(workstation.bots.list()).toMatchObject([{ name: 'AAPL minute cross', strategy: 'sma-cross', params: { fast: 1, slow: 2, size: 1 }, symbols: ['AAPL'], timeframe: '1Min' }]);

    await row.getByTestId('bot-start').click();
    await page.locator('[data-testid="bot-row"][data-state="running"]').waitFor({ timeout: WAIT_MS });
    // Its orders are counted as main sends them (bots.state events).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="bot-row"] [data-testid="bot-orders"]')?.textContent ?? '0') >= 1, undefined, { timeout: WAIT_MS });
    const id = workstation.bots.list()[0]!.id;
    expect(workstation.orders.manager.orders().some((o) => o.source === `bot:${id}`)).toBe(true);
    mkdirSync(join(root, 'test-output/e2e'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/e2e/bots.png') });

    // Keyboard: focus the stop button and press Enter.
    await row.getByTestId('bot-stop').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="bot-row"][data-state="stopped"]').waitFor({ timeout: WAIT_MS });
    expect(workstation.bots.list()[0]!.state).toBe('stopped');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
