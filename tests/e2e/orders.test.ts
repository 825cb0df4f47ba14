import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
const rendererDir = join(root, 'dist/renderer');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 20_000;
// A Wednesday, 10:00 in New York: the market is open whatever the wall clock says when the test runs.
const MARKET_OPEN = Date.parse('2024-03-06T15:00:00Z');

function ensureRendererBuilt(): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  ensureBuilt('renderer');
}

interface BrokerOrder {
  client_order_id: string;
  status: string;
  symbol: string;
}

/**
 * The ticket, the blotters, the mode banner and the kill switch in Chromium against the headless host, whose
 * orders go through the real Alpaca adapter to a local exchange over HTTP and WebSocket (simulated clock inside
 * market hours). Each step is checked in the page and at the exchange.
 */
describe('orders in Chromium (demo mode)', () => {
  let dataDir: string;
  let exchange: RunningExchange;
  let workstation: Workstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  // The exchange enforces Alpaca's 200 requests a minute per key, shared with the app: poll it gently.
  const BROKER_POLL = { timeout: WAIT_MS, interval: 500 };
  const brokerOrders = async (status: 'open' | 'all'): Promise<BrokerOrder[]> => {
    const response = await fetch(`${exchange.tradingUrl}/v2/orders?status=${status}&limit=500&nested=false`, { headers: { 'APCA-API-KEY-ID': exchange.keys.keyId, 'APCA-API-SECRET-KEY': exchange.keys.secret } });
    const body = (await response.json()) as unknown;
    if (!Array.isArray(body)) throw new Error(`orders query answered ${response.status}: ${JSON.stringify(body)}`);
    return body as BrokerOrder[];
  };
  const cell = (grid: string, rowId: string, column: string) => page.locator(`[data-testid="${grid}"] .ag-center-cols-container [row-id="${rowId}"] [col-id="${column}"]`).first();
  const pinnedCell = (grid: string, rowId: string, column: string) => page.locator(`[data-testid="${grid}"] [row-id="${rowId}"] [col-id="${column}"]`).first();
  const text = async (locator: ReturnType<Page['locator']>): Promise<string> => ((await locator.count()) > 0 ? ((await locator.textContent()) ?? '') : '');
  const sentId = async (): Promise<string> => {
    const outcome = (await page.getByTestId('ticket-outcome').textContent()) ?? '';
    const match = /sent: (ws-[\w-]+) is /.exec(outcome);
    if (!match?.[1]) throw new Error(`no order id in "${outcome}"`);
    return match[1];
  };

  beforeAll(async () => {
    ensureRendererBuilt();
    mkdirSync(screenshots, { recursive: true });
    exchange = await startExchange({ seed: 5, speed: 1, startTime: MARKET_OPEN, partialFillShare: 0, log: { warn: () => {}, error: () => {} } });
    dataDir = mkdtempSync(join(tmpdir(), 'orders-e2e-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    host = await startHost({ workstation, rendererDir, port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    collectPageProblems(page, pageErrors, cspViolations);
    await page.goto(host.urlWithToken);
    await waitForDock(page, WAIT_MS);
    const deadline = Date.now() + WAIT_MS;
    while (!(workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined)) {
      if (Date.now() > deadline) throw new Error('orders did not become ready (stream and reconciliation)');
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the mode in words and colour, and the kill switch, in the shell', async () => {
    const banner = page.getByTestId('mode-banner');
    await expect.poll(async () => banner.getAttribute('data-mode'), { timeout: WAIT_MS }).toBe('demo');
    expect(await banner.textContent()).toContain('DEMO');
    expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(31, 95, 168)');
    expect(await page.getByTestId('kill-switch').isVisible()).toBe(true);
    expect(await page.getByTestId('risk-state').textContent()).toBe('trading active');
  });

  it('validates the ticket as you type with the shared schema', async () => {
    await page.getByTestId('open-tab-ticket').click();
    await page.getByTestId('ticket-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('ticket-symbol').fill('AAPL');
    await page.getByTestId('ticket-symbol').press('Enter');
    expect(await page.getByTestId('ticket-error-amount').textContent()).toBe('quantity is required');
    expect(await page.getByTestId('ticket-error-limitPrice').textContent()).toBe('a limit order needs a limit price');
    await page.getByTestId('ticket-amount').fill('-3');
    expect(await page.getByTestId('ticket-error-amount').textContent()).toBe('must be a positive decimal number like 10 or 0.5');
    await page.getByTestId('ticket-type').selectOption('market');
    await page.getByTestId('ticket-extendedHours').check();
    expect(await page.getByTestId('ticket-error-extendedHours').textContent()).toBe('extended hours need a limit order with time in force day');
    expect(await page.getByTestId('ticket-send').isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshots, 'orders-ticket-validation.png') });
    // Esc clears the whole ticket.
    await page.getByTestId('ticket-amount').press('Escape');
    expect(await page.getByTestId('ticket-symbol').inputValue()).toBe('');
    expect(await page.getByTestId('ticket-extendedHours').isChecked()).toBe(false);
  });

  let reference = 0;
  let bracketId = '';

  it('previews a bracket (cost, buying power after, verdict with code), sends it with Enter, and sees it fill', async () => {
    await page.getByTestId('ticket-symbol').fill('AAPL');
    await page.getByTestId('ticket-type').selectOption('market');
    await page.getByTestId('ticket-amount').fill('5');
    await page.getByTestId('ticket-amount').press('Enter');
    await page.getByTestId('ticket-preview').waitFor({ timeout: WAIT_MS });
    reference = Number(await page.getByTestId('preview-reference').textContent());
    expect(reference).toBeGreaterThan(0);

    await page.getByTestId('ticket-orderClass').selectOption('bracket');
    // Changing the order makes the old preview stale: Send is off until a new preview.
    expect(await page.getByTestId('ticket-send').isDisabled()).toBe(true);
    await page.getByTestId('ticket-takeProfit').fill((reference * 1.2).toFixed(2));
    await page.getByTestId('ticket-stopLossStop').fill((reference * 0.8).toFixed(2));
    await page.getByTestId('ticket-stopLossStop').press('Enter');
    await expect.poll(async () => text(page.getByTestId('preview-code')), { timeout: WAIT_MS }).toBe('OK');
    const cost = Number(((await page.getByTestId('preview-cost').textContent()) ?? '').replace(/[$,]/g, ''));
    // The cost is of this preview's own reference: the risk check reads the live stream's quotes, so the price may
    // have moved since the first preview.
    const bracketReference = Number(await page.getByTestId('preview-reference').textContent());
    expect(bracketReference).toBeGreaterThan(0);
    expect(cost).toBeCloseTo(bracketReference * 5, 2);
    const bpAfter = Number(((await page.getByTestId('preview-bp-after').textContent()) ?? '').replace(/[$,]/g, ''));
    expect(bpAfter).toBeGreaterThan(0);
    expect((await page.getByTestId('preview-verdict').textContent()) ?? '').toContain('PASS');
    // Nothing left the app for a preview.
    expect(await brokerOrders('all')).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'orders-ticket-preview.png') });

    await page.getByTestId('ticket-stopLossStop').press('Enter');
    await expect.poll(async () => text(page.getByTestId('ticket-outcome')), { timeout: WAIT_MS }).toMatch(/^sent: ws-/);
    bracketId = await sentId();

    await page.getByTestId('open-tab-blotter').click();
    await page.getByTestId('blotter-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('blotter-show-closed').check();
    await expect.poll(async () => text(cell('blotter-orders', bracketId, 'status')), { timeout: WAIT_MS }).toBe('filled');
    await expect.poll(async () => text(cell('blotter-positions', 'AAPL', 'qty')), { timeout: WAIT_MS }).toBe('5');
    await expect.poll(async () => text(cell('blotter-positions', 'AAPL', 'unrealizedPl')), { timeout: WAIT_MS }).toMatch(/^-?\d+\.\d{2}$/);
    await expect.poll(async () => page.locator('[data-testid="blotter-fills"] .ag-center-cols-container [row-id]').count(), { timeout: WAIT_MS }).toBe(1);
    await expect.poll(async () => text(cell('blotter-account', 'Equity', 'value')), { timeout: WAIT_MS }).toMatch(/^\d+\.\d{2}$/);
    // The bracket's two exits wait at the exchange, and the blotter lists them under their parent.
    const legs = (await brokerOrders('open')).filter((o) => o.symbol === 'AAPL');
    expect(legs).toHaveLength(2);
    await expect
      .poll(async () => page.locator(`[data-testid="blotter-orders"] .ag-center-cols-container [col-id="parent"]`).allTextContents(), { timeout: WAIT_MS })
      .toEqual(expect.arrayContaining([bracketId, bracketId]));
    await page.screenshot({ path: join(screenshots, 'orders-bracket-filled.png') });
  });

  it('cancels an open far limit order from the blotter', async () => {
    await page.getByTestId('open-tab-ticket').click();
    await page.getByTestId('ticket-symbol').fill('AAPL');
    await page.getByTestId('ticket-type').selectOption('limit');
    await page.getByTestId('ticket-tif').selectOption('gtc');
    await page.getByTestId('ticket-orderClass').selectOption('simple');
    await page.getByTestId('ticket-amount').fill('2');
    await page.getByTestId('ticket-limitPrice').fill((reference * 0.7).toFixed(2));
    await page.getByTestId('ticket-limitPrice').press('Enter');
    await expect.poll(async () => text(page.getByTestId('preview-code')), { timeout: WAIT_MS }).toBe('OK');
    await page.getByTestId('ticket-send').click();
    await expect.poll(async () => text(page.getByTestId('ticket-outcome')), { timeout: WAIT_MS }).toMatch(/^sent: ws-/);
    const limitId = await sentId();

    await page.getByTestId('open-tab-blotter').click();
    await page.getByTestId('blotter-show-closed').uncheck();
    await expect.poll(async () => text(cell('blotter-orders', limitId, 'status')), { timeout: WAIT_MS }).toBe('new');
    await pinnedCell('blotter-orders', limitId, 'symbol').click();
    await page.getByTestId('blotter-cancel').click();
    // Gone from the open orders, canceled at the exchange.
    await expect.poll(async () => page.locator(`[data-testid="blotter-orders"] [row-id="${limitId}"]`).count(), { timeout: WAIT_MS }).toBe(0);
    await expect.poll(async () => (await brokerOrders('all')).find((o) => o.client_order_id === limitId)?.status, BROKER_POLL).toBe('canceled');
    await page.getByTestId('blotter-show-closed').check();
    await expect.poll(async () => text(cell('blotter-orders', limitId, 'status')), { timeout: WAIT_MS }).toBe('canceled');
    await page.screenshot({ path: join(screenshots, 'orders-limit-canceled.png') });
  });

  it('starts a TWAP from the ticket (validated as typed), shows its progress, and cancels it with its children from the blotter', async () => {
    await page.getByTestId('open-tab-ticket').click();
    const algo = page.getByTestId('algo-section');
    await algo.waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('algo-kind').selectOption('twap');
    await page.getByTestId('algo-symbol').fill('AAPL');
    await page.getByTestId('algo-qty').fill('4');
    await page.getByTestId('algo-slices').fill('10');
    // Keyboard only: Enter in the form starts it, or says what is wrong beside the input.
    await page.getByTestId('algo-slices').press('Enter');
    expect(await page.getByTestId('algo-error-slices').textContent()).toBe('10 slices for 4 shares: at most one slice per share');
    expect(await page.getByTestId('algo-outcome').count()).toBe(0);
    await page.getByTestId('algo-slices').fill('2');
    await page.getByTestId('algo-durationMin').fill('1');
    await page.getByTestId('algo-limitPrice').fill((reference * 0.7).toFixed(2));
    expect(await page.getByTestId('algo-error-slices').count()).toBe(0);
    await page.getByTestId('algo-limitPrice').press('Enter');
    await expect.poll(async () => text(page.getByTestId('algo-outcome')), { timeout: WAIT_MS }).toMatch(/^started algo-twap-[\w-]+: TWAP buy 4 AAPL limit [\d.]+ over 1 min in 2 slices$/);
    const algoId = /^started (algo-twap-[\w-]+):/.exec(await text(page.getByTestId('algo-outcome')))![1]!;
    // Its progress, live from main: the first slice's child is working, nothing filled (a far limit).
    await expect.poll(async () => text(page.getByTestId('algo-progress-text')), { timeout: WAIT_MS }).toBe('running: 0 / 4 filled, 1 children sent, 1 working');
    expect(workstation.orders.algos.get(algoId)).toMatchObject({ kind: 'twap', symbol: 'AAPL', targetQty: 4, status: 'running' });
    await page.screenshot({ path: join(screenshots, 'orders-algo-ticket-started.png') });

    await page.getByTestId('open-tab-blotter').click();
    await expect.poll(async () => text(cell('blotter-algos', algoId, 'childrenSent')), { timeout: WAIT_MS }).toBe('1');
    expect(await text(cell('blotter-algos', algoId, 'progress'))).toBe('0 / 4');
    expect(await text(cell('blotter-algos', algoId, 'childrenFilled'))).toBe('0');
    await expect.poll(async () => text(cell('blotter-algos', algoId, 'status')), { timeout: WAIT_MS }).toBe('running');
    await cell('blotter-algos', algoId, 'status').click();
    await expect.poll(async () => page.getByTestId('blotter-algo-cancel').isEnabled(), { timeout: WAIT_MS }).toBe(true);
    // Keyboard: Delete on the selected running parent cancels it with its children (as the button does).
    await cell('blotter-algos', algoId, 'status').press('Delete');
    await expect.poll(async () => text(cell('blotter-algos', algoId, 'status')), { timeout: WAIT_MS }).toBe('canceled');
    const child = workstation.orders.algos.children(algoId)[0]!;
    await expect.poll(async () => (await brokerOrders('all')).find((o) => o.client_order_id === child.clientOrderId)?.status, BROKER_POLL).toBe('canceled');
    await page.screenshot({ path: join(screenshots, 'orders-algo-canceled.png') });
    // The ticket's progress line follows the cancel too.
    await page.getByTestId('open-tab-ticket').click();
    await expect.poll(async () => page.getByTestId('algo-progress').getAttribute('data-status'), { timeout: WAIT_MS }).toBe('canceled');
    await page.getByTestId('open-tab-blotter').click();
  });

  it('trips the kill switch after a confirmation: halted, open orders cancelled but protective exits kept, new orders denied with a code', async () => {
    expect((await brokerOrders('open')).length).toBe(2);
    await page.getByTestId('kill-switch').click();
    await page.getByTestId('kill-switch-dialog').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(screenshots, 'orders-kill-switch-confirm.png') });
    await page.getByTestId('kill-switch-confirm').click();
    await expect.poll(async () => text(page.getByTestId('risk-state')), { timeout: WAIT_MS }).toMatch(/^HALTED: kill switch/);
    // Without flatten, the two open orders (the filled bracket's take-profit and stop-loss) are protective exits:
    // they stay at the broker so the position is never left unprotected (README, kill switch).
    await expect.poll(async () => (await brokerOrders('open')).map((o) => o.symbol), BROKER_POLL).toEqual(['AAPL', 'AAPL']);
    // The position stays (no flatten asked for).
    await expect.poll(async () => text(cell('blotter-positions', 'AAPL', 'qty')), { timeout: WAIT_MS }).toBe('5');
    await page.screenshot({ path: join(screenshots, 'orders-kill-switch-tripped.png') });

    await page.getByTestId('open-tab-ticket').click();
    await page.getByTestId('ticket-symbol').fill('AAPL');
    await page.getByTestId('ticket-type').selectOption('market');
    await page.getByTestId('ticket-tif').selectOption('day');
    await page.getByTestId('ticket-amount').fill('1');
    await page.getByTestId('ticket-amount').press('Enter');
    await expect.poll(async () => text(page.getByTestId('preview-code')), { timeout: WAIT_MS }).toBe('RISK_HALTED');
    expect(await page.getByTestId('ticket-send').isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshots, 'orders-ticket-halted.png') });
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
