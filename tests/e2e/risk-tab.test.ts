import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { SESSION_START, openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
const BUYS = [
  { symbol: 'XOM', qty: 60 },
  { symbol: 'JPM', qty: 40 },
  { symbol: 'MSFT', qty: 20 },
] as const;

const dollars = (text: string | null): number => Number((text ?? '').replace(/[$,]/g, ''));

/**
 * The Portfolio & risk tab (issue 17, part 9) in Chromium against the headless host and a local exchange in demo
 * mode: three stocks bought through the order path, then the tab's exposures, VaR/ES, beta and correlation heatmap;
 * a risk-parity rebalance previewed (each trade with the risk engine's verdict) and sent through the same path.
 * Screenshots in test-output/e2e/risk-*.png.
 */
describe('the Portfolio & risk tab in Chromium', () => {
  let session: ExchangeSession;
  let page: Page;
  let optionSymbol = '';
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `risk-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ensureBuilt('renderer');
    ensureBuilt('rebalance-worker');
    mkdirSync(screenshots, { recursive: true });
    session = await openExchangeSession('risk', { seed: 17, speed: 1, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 1200 });
    const manager = session.workstation.orders.manager;
    // The order path is ready once its stream and reconciliation are: preview until the verdict passes.
    const intent = (symbol: string, qty: number) => ({ symbol, side: 'buy', type: 'market', timeInForce: 'day', qty: String(qty), extendedHours: false, orderClass: 'simple' }) as const;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const preview = await session.workstation.orders.manager.preview(intent('XOM', 1), 'ticket');
      if (preview.verdict.ok) break;
      if (Date.now() > deadline || !/STREAM_NOT_READY|NOT_RECONCILED/.test(preview.verdict.code)) throw new Error(`preview did not pass: ${preview.verdict.code} ${preview.verdict.message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    for (const b of BUYS) {
      const result = await manager.submit(intent(b.symbol, b.qty), 'ticket', { requestKey: `risk-e2e-${b.symbol}` });
      expect(result.ok, result.ok ? '' : `${result.code} ${result.message}`).toBe(true);
    }
    // One SPY call near the money, a few weeks out, at market (a limit at the chain's ask can miss a quote that
    // moved since the chain was read): the greeks' totals have a contract to count.
    const chain = await session.workstation.optionsData.chain('SPY', undefined);
    const expiry = chain.expirations.find((e) => Date.parse(e) - SESSION_START > 14 * 86_400_000) ?? chain.expirations.at(-1)!;
    const calls = chain.rows.filter((r) => r.type === 'call' && r.expiration === expiry && r.ask !== null && r.ask > 0 && r.greeks !== null);
    const call = calls.reduce((best, r) => (Math.abs(r.strike - chain.spot!) < Math.abs(best.strike - chain.spot!) ? r : best));
    optionSymbol = call.symbol;
    const bought = await manager.submit({ symbol: call.symbol, side: 'buy', type: 'market', timeInForce: 'day', qty: '1', extendedHours: false, orderClass: 'simple' }, 'ticket', { requestKey: 'risk-e2e-call' });
    expect(bought.ok, bought.ok ? '' : `${bought.code} ${bought.message}`).toBe(true);
    const filled = Date.now() + WAIT_MS;
    while (manager.positionRecords().filter((p) => Number(p.qty) > 0).length < BUYS.length + 1) {
      if (Date.now() > filled) throw new Error(`the buys did not fill: ${JSON.stringify(manager.positionRecords())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows exposure by symbol, sector and bot, beta, VaR/ES and the correlation heatmap', async () => {
    await page.getByTestId('open-tab-risk').click();
    await page.getByTestId('risk-tab').waitFor({ timeout: WAIT_MS });
    const holdings = page.getByTestId('risk-holding-row');
    await expect.poll(() => holdings.count(), { timeout: WAIT_MS }).toBe(BUYS.length + 1);
    expect((await holdings.locator('td:first-child').allTextContents()).sort()).toEqual([...BUYS.map((b) => b.symbol), optionSymbol].sort());
    expect(await page.getByTestId('risk-error').count()).toBe(0);

    const long = dollars(await page.getByTestId('risk-long').textContent());
    expect(long).toBeGreaterThan(10_000);
    expect(dollars(await page.getByTestId('risk-short').textContent())).toBe(0);
    expect(dollars(await page.getByTestId('risk-gross').textContent())).toBe(long);
    // Sectors of the demo universe; the ticket is the only source that bought.
    expect((await page.getByTestId('risk-sectors-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).sort()).toEqual(['energy', 'financials', 'index ETF', 'technology']);
    expect(await page.getByTestId('risk-bots-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(['ticket']);

    const var95 = dollars(await page.getByTestId('risk-var95').textContent());
    const es95 = dollars(await page.getByTestId('risk-es95').textContent());
    const var99 = dollars(await page.getByTestId('risk-var99').textContent());
    expect(var95).toBeGreaterThan(0);
    // A one-day 95% loss of a diversified large-cap book is a fraction of a percent to a few percent of it.
    expect(var95).toBeLessThan(long * 0.1);
    expect(es95).toBeGreaterThanOrEqual(var95);
    expect(var99).toBeGreaterThanOrEqual(var95);
    const beta = Number(await page.getByTestId('risk-beta').textContent());
    expect(beta).toBeGreaterThan(0);
    expect(beta).toBeLessThan(3);
    const betas = await page.getByTestId('risk-holding-beta').allTextContents();
    expect(betas.filter((b) => Number(b) > 0)).toHaveLength(BUYS.length);
    // A long call: one contract, positive dollar delta (delta x 100 x SPY), negative theta.
    const greeks = page.getByTestId('risk-greeks');
    expect(await greeks.locator('caption').textContent()).toContain('(1 contracts)');
    expect(dollars(await greeks.getByTestId('risk-greek-delta').textContent())).toBeGreaterThan(0);
    expect(dollars(await greeks.getByTestId('risk-greek-theta').textContent())).toBeLessThan(0);

    const heatmap = page.getByTestId('risk-heatmap');
    expect(await heatmap.getAttribute('data-cells')).toBe(String(BUYS.length ** 2));
    expect(await heatmap.locator('canvas').count()).toBeGreaterThan(0);
    // Limits with their use: gross exposure is used by what was bought.
    const gross = page.locator('[data-testid="risk-limit-row"][data-name="maxGrossExposure"]');
    expect(await gross.getByTestId('risk-limit-used').textContent()).toMatch(/^\d+\.\d%$/);
    await shot('report');
  });

  it('previews a risk-parity rebalance with risk verdicts and sends it through the order path', async () => {
    const manager = session.workstation.orders.manager;
    const before = new Set(manager.orders().map((o) => o.clientOrderId));
    await page.getByTestId('risk-method').selectOption('risk-parity');
    // Keyboard: Enter in the form previews.
    await page.getByTestId('risk-capital').fill('30000');
    await page.getByTestId('risk-capital').press('Enter');
    const rows = page.getByTestId('risk-trade-row');
    await rows.first().waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('risk-rebalance-error').count()).toBe(0);
    expect(await page.getByTestId('risk-rebalance-summary').textContent()).toMatch(/Risk parity over \d+ days of \$30,000/);
    const verdicts = await page.getByTestId('risk-trade-verdict').allTextContents();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((v) => v === 'OK')).toBe(true);
    await shot('rebalance-preview');

    await page.getByTestId('risk-send-all').click();
    await page.getByTestId('risk-send-confirm').click();
    const sent = page.getByTestId('risk-trade-sent');
    await expect.poll(async () => (await sent.allTextContents()).filter((t) => /^sent|^TWAP started/.test(t)).length, { timeout: WAIT_MS }).toBe(verdicts.length);
    // Each trade reached the journal through the ticket's source (a TWAP's children follow over minutes).
    const fresh = manager.orders().filter((o) => !before.has(o.clientOrderId));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((o) => o.source === 'ticket' || o.source.startsWith('algo'))).toBe(true);
    await shot('rebalance-sent');
  });
});
