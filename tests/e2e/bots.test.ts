import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WAIT_MS = 30_000;

describe('Bots tab in Chromium: create a bot, start it, see it trade, stop it', () => {
  let session: ExchangeSession;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt('renderer');
    session = await openExchangeSession('bots', { seed: 43, speed: 30 }, WAIT_MS);
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('refuses a parameter outside its schema range, naming it, before anything is sent', async () => {
    await page.getByTestId('open-tab-bots').click();
    await page.getByTestId('bots-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('bot-param-fast').fill('0');
    await page.getByTestId('bot-symbols').fill('AAPL');
    await page.getByTestId('bot-create').click();
    await page.getByTestId('bot-form-error').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('bot-form-error').textContent()).toMatch(/fast must be between 1 and 500/);
    expect(session.workstation.bots.list()).toEqual([]);
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
    expect(session.workstation.bots.list()).toMatchObject([{ name: 'AAPL minute cross', strategy: 'sma-cross', params: { fast: 1, slow: 2, size: 1 }, symbols: ['AAPL'], timeframe: '1Min' }]);

    await row.getByTestId('bot-start').click();
    await page.locator('[data-testid="bot-row"][data-state="running"]').waitFor({ timeout: WAIT_MS });
    // Its orders are counted as main sends them (bots.state events).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="bot-row"] [data-testid="bot-orders"]')?.textContent ?? '0') >= 1, undefined, { timeout: WAIT_MS });
    const id = session.workstation.bots.list()[0]!.id;
    expect(session.workstation.orders.manager.orders().some((o) => o.source === `bot:${id}`)).toBe(true);
    mkdirSync(join(root, 'test-output/e2e'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/e2e/bots.png') });

    // Two ways to stop: Stop takes its working orders down with it, Stop, keep orders leaves them (each says so).
    expect(await row.getByTestId('bot-stop').getAttribute('title')).toMatch(/cancel its working orders/);
    expect(await row.getByTestId('bot-stop-keep').getAttribute('title')).toMatch(/leave its working orders/);
    // Keyboard: focus the stop button and press Enter.
    await row.getByTestId('bot-stop').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="bot-row"][data-state="stopped"]').waitFor({ timeout: WAIT_MS });
    expect(session.workstation.bots.list()[0]!.state).toBe('stopped');
    expect(session.pageErrors).toEqual([]);
  }, 90_000);
});
