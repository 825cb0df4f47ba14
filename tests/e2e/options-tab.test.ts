import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;

/**
 * The Options tab (issue 15, item 4) in Chromium against the headless host and a local exchange: the chain of SPY
 * with rows, a vertical from the templates, its payoff chart and breakevens; an iron condor previewed by the risk
 * engine and sent as ONE mleg order that fills as four legs; the IV surface in 3D (WebGL: SwiftShader in a GPU-less
 * Chromium) beside the smile and term structure. Screenshots in test-output/e2e/options-*.png.
 */
describe('the Options tab in Chromium', () => {
  let session: ExchangeSession;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `options-${name}.png`) });

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    session = await openExchangeSession('options', { seed: 15, speed: 1, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 1000 });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the chain, builds a vertical from the template and draws its payoff with breakevens', async () => {
    await page.getByTestId('open-tab-options').click();
    await page.getByTestId('options-tab').waitFor({ timeout: WAIT_MS });
    const input = page.getByTestId('options-symbol');
    await input.fill('SPY');
    await input.press('Enter');
    const grid = page.getByTestId('options-chain');
    await grid.locator('.ag-row').first().waitFor({ timeout: WAIT_MS });
    expect(await grid.locator('.ag-center-cols-container .ag-row').count()).toBeGreaterThan(2);
    expect(await page.getByTestId('options-spot').textContent()).toMatch(/^spot \d+\.\d\d$/);
    await shot('chain');

    await page.getByTestId('options-template').selectOption('Bull call vertical');
    await page.getByTestId('options-add-template').click();
    await page.getByTestId('options-payoff').locator('canvas').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('options-legs').locator('tr').count()).toBe(2);
    // A debit call vertical has exactly one breakeven, between its two strikes.
    const breakevens = (await page.getByTestId('options-breakevens').textContent()) ?? '';
    const values = breakevens.replace('Breakevens: ', '').split(', ').map(Number);
    expect(values).toHaveLength(1);
    const strikes = (await page.getByTestId('options-legs').locator('td:nth-child(3)').allTextContents()).map((s) => Number(s.slice(-8)) / 1000);
    expect(values[0]).toBeGreaterThan(Math.min(...strikes));
    expect(values[0]).toBeLessThan(Math.max(...strikes));
    await shot('vertical');
  }, 120_000);

  interface BrokerLeg {
    symbol: string;
    side: string;
    status: string;
    filled_qty: string;
    position_intent: string;
  }
  interface BrokerOrder {
    client_order_id: string;
    order_class: string;
    status: string;
    limit_price: string | null;
    legs: BrokerLeg[] | null;
  }
  const brokerOrders = async (): Promise<BrokerOrder[]> => {
    const { tradingUrl, keys } = session.exchange;
    const response = await fetch(`${tradingUrl}/v2/orders?status=all&limit=50&nested=true`, { headers: { 'APCA-API-KEY-ID': keys.keyId, 'APCA-API-SECRET-KEY': keys.secret } });
    return (await response.json()) as BrokerOrder[];
  };

  it('builds an iron condor, previews it and sends it as one mleg order that fills as four legs', async () => {
    // An expiry some three weeks out: two days before expiry the wings 20 points away are bid at nothing.
    await page.locator('.options-expiries button').nth(3).click();
    await page.getByTestId('options-template').selectOption('Iron condor');
    await page.getByTestId('options-add-template').click();
    expect(await page.getByTestId('options-legs').locator('tr').count()).toBe(4);
    // A short condor: two breakevens around the spot, a credit, a position delta near zero and negative gamma.
    const breakevens = ((await page.getByTestId('options-breakevens').textContent()) ?? '').replace('Breakevens: ', '').split(', ').map(Number);
    expect(breakevens).toHaveLength(2);
    const spot = Number(((await page.getByTestId('options-spot').textContent()) ?? '').replace('spot ', ''));
    expect(breakevens[0]).toBeLessThan(spot);
    expect(breakevens[1]).toBeGreaterThan(spot);
    expect(await page.getByTestId('options-stats').textContent()).toContain('Net credit');
    const greeks = (await page.getByTestId('options-greeks').textContent()) ?? '';
    const gamma = Number(/Γ (-?[\d.]+)/.exec(greeks)?.[1]);
    expect(gamma).toBeLessThan(0);

    // The order: four legs in one mleg order, the net limit a credit (negative) at the legs' bid/ask.
    expect((await page.getByTestId('options-order-legs-plan').textContent())?.split(' · ')).toHaveLength(4);
    const limit = Number(await page.getByTestId('options-order-limit').inputValue());
    expect(limit).toBeLessThan(0);
    // The order path is ready once its stream and reconciliation are: preview until the verdict passes.
    const verdict = page.getByTestId('options-order-verdict');
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      await page.getByTestId('options-order-preview').click();
      await verdict.waitFor({ timeout: WAIT_MS });
      const text = (await verdict.textContent()) ?? '';
      if (text.startsWith('PASS')) break;
      if (Date.now() > deadline || !/STREAM_NOT_READY|NOT_RECONCILED/.test(text)) throw new Error(`preview did not pass: ${text}`);
      await page.waitForTimeout(500);
    }
    // The worst loss at expiry is what the condor takes of buying power: the wider wing less the credit, x 100.
    expect(await verdict.textContent()).toMatch(/worst loss at expiry \$[\d,]+\.\d\d/);
    await shot('builder');

    await page.getByTestId('options-order-send').click();
    const status = page.getByTestId('options-order-status');
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/ is filled .* 4 of 4 legs filled/);
    await shot('condor-filled');

    // At the exchange: one mleg order, four legs, each filled with its opening intent.
    const orders = (await brokerOrders()).filter((o) => o.order_class === 'mleg');
    expect(orders).toHaveLength(1);
    const [mleg] = orders;
    expect(mleg!.status).toBe('filled');
    expect(Number(mleg!.limit_price)).toBeCloseTo(limit, 2);
    expect(mleg!.legs).toHaveLength(4);
    expect(mleg!.legs!.every((l) => l.status === 'filled' && l.filled_qty === '1')).toBe(true);
    expect(mleg!.legs!.map((l) => `${l.side}:${l.position_intent}`).sort()).toEqual(['buy:buy_to_open', 'buy:buy_to_open', 'sell:sell_to_open', 'sell:sell_to_open']);
  }, 120_000);

  it('draws the IV surface in 3D beside the smile and the term structure', async () => {
    const panel = page.getByTestId('options-vol');
    await panel.scrollIntoViewIfNeeded();
    // Chromium without a GPU still offers WebGL through SwiftShader: the surface draws (no "no WebGL" message).
    await page.getByTestId('options-surface').locator('canvas').first().waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('options-surface-nowebgl').count()).toBe(0);
    await page.waitForFunction(() => performance.getEntriesByName('options-surface-first-paint').length > 0, undefined, { timeout: WAIT_MS });
    await page.getByTestId('options-smile').locator('canvas').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('options-term').locator('canvas').waitFor({ timeout: WAIT_MS });
    await panel.screenshot({ path: join(screenshots, 'options-surface.png') });
  }, 60_000);

  it('shows the filled condor in the Blotter as one iron condor with its greeks', async () => {
    await page.getByTestId('open-tab-blotter').click();
    const group = page.getByTestId('blotter-option-group');
    await expect.poll(async () => (await group.first().textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/^Iron condorSPY\d{4}-\d{2}-\d{2}/);
    expect(await group.count()).toBe(1);
    // Greeks arrive with the chain read: four numbers, no dash.
    await expect.poll(async () => (await group.locator('td').nth(4).textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/^-?\d+\.\d$/);
    await page.getByTestId('blotter-option-groups').screenshot({ path: join(screenshots, 'options-blotter-groups.png') });
  }, 60_000);

  it('exercises a long contract after a confirmation', async () => {
    const buttons = page.locator('[data-testid^="exercise-SPY"]');
    // The condor's two long legs (the wings) can be exercised; the short ones cannot.
    expect(await buttons.count()).toBe(2);
    const symbol = ((await buttons.last().getAttribute('data-testid')) ?? '').replace('exercise-', '');
    await buttons.last().click();
    await page.getByTestId('exercise-confirm').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('exercise-confirm').textContent()).toContain('100 shares');
    await page.getByTestId('exercise-confirm-send').click();
    await expect.poll(async () => (await page.getByTestId('exercise-notice').textContent()) ?? '', { timeout: WAIT_MS }).toContain(`exercise of 1 ${symbol} sent`);
    // At the exchange the contract is gone from the positions (exercised into shares).
    const { tradingUrl, keys } = session.exchange;
    const held = async () => ((await (await fetch(`${tradingUrl}/v2/positions`, { headers: { 'APCA-API-KEY-ID': keys.keyId, 'APCA-API-SECRET-KEY': keys.secret } })).json()) as Array<{ symbol: string }>).map((p) => p.symbol);
    await expect.poll(held, { timeout: WAIT_MS }).not.toContain(symbol);
  }, 60_000);
});
