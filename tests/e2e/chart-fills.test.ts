// The Chart tab's fill markers in Chromium against the headless host in demo mode: an order placed through the
// contract fills on the local exchange and its marker appears on the open chart (orders.fill, live); a chart
// opened afterwards shows it from the stored fills (orders.fills). Screenshot in test-output/e2e/.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src-main/host/host.js';
import { ensureBuilt } from '../support/build.js';
import { collectPageProblems, launchChromium, waitForDock } from '../support/chromium.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../support/workstation.js';
import { RawClient } from '../support/ws-client.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output/e2e');
const WAIT_MS = 20_000;

interface Envelope {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

describe('Chart fill markers in Chromium (demo mode)', () => {
  let ws: TestWorkstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let client: RawClient;
  let id = 0;
  const pageErrors: string[] = [];
  const call = async (ch: string, req: unknown): Promise<Envelope> => (await client.call(++id, ch, req)).env as Envelope;
  const canvasAttr = async (nth: number, name: string): Promise<number> => Number(await page.getByTestId('candle-chart-canvas').nth(nth).getAttribute(name));

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(outDir, { recursive: true });
    ws = await startTestWorkstation();
    host = await startTestHost(ws.workstation);
    client = await RawClient.open(host.port);
    await client.auth(host.token);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageProblems(page, pageErrors);
    await page.goto(host.urlWithToken);
    await waitForDock(page, WAIT_MS);
  });
  afterAll(async () => {
    client?.socket.close();
    await browser?.close();
    await host?.close();
    await ws?.dispose();
  });

  it('shows a marker for a fill of the chart\'s symbol as it happens, at the fill\'s price', async () => {
    await page.getByTestId('open-tab-chart').click();
    await page.getByTestId('chart-tab').first().waitFor({ timeout: WAIT_MS });
    await expect.poll(() => canvasAttr(0, 'data-bars'), { timeout: WAIT_MS }).toBeGreaterThan(50);
    expect(await canvasAttr(0, 'data-fills')).toBe(0);

    await expect
      .poll(async () => {
        const status = (await call('orders.status', {})).value as { ready?: boolean; streamReady?: boolean } | undefined;
        return status?.ready === true && status.streamReady === true;
      }, { timeout: WAIT_MS, interval: 200 })
      .toBe(true);
    // Another symbol's fill must not appear on the AAPL chart.
    const other = await call('orders.submit', { intent: { symbol: 'MSFT', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, requestKey: 'chart-fill-msft-1' });
    const mine = await call('orders.submit', { intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '2' }, requestKey: 'chart-fill-aapl-1' });
    expect(other.ok && mine.ok).toBe(true);
    expect((mine.value as { ok: boolean }).ok).toBe(true);

    await expect.poll(() => canvasAttr(0, 'data-fills'), { timeout: WAIT_MS }).toBe(1);
    // Drawn, not only held: the newest-250 view contains the bar the fill landed on.
    await expect.poll(() => canvasAttr(0, 'data-fills-shown'), { timeout: WAIT_MS }).toBe(1);
    const fills = (await call('orders.fills', {})).value as Array<{ symbol: string; price: string; qty: string }>;
    expect(fills.map((f) => f.symbol).sort()).toEqual(['AAPL', 'MSFT']);
    expect(fills.find((f) => f.symbol === 'AAPL')?.qty).toBe('2');
    expect(await page.getByTestId('chart-source').first().textContent()).toMatch(/· 1 fill$/);
    await page.screenshot({ path: join(outDir, 'chart-fills-1-live-marker.png') });
  });

  it('a chart opened later shows the stored fill of its symbol', async () => {
    await page.getByTestId('open-tab-chart').click({ modifiers: ['Shift'] });
    await page.getByTestId('tab-chart-2').waitFor({ timeout: WAIT_MS });
    // The new chart is the visible one (the dock keeps only the active tab's panel on screen).
    const fresh = page.locator('[data-testid="candle-chart-canvas"]:visible');
    const attr = async (name: string): Promise<number> => Number(await fresh.getAttribute(name));
    await expect.poll(() => fresh.count(), { timeout: WAIT_MS }).toBe(1);
    await expect.poll(() => attr('data-bars'), { timeout: WAIT_MS }).toBeGreaterThan(50);
    await expect.poll(() => attr('data-fills'), { timeout: WAIT_MS }).toBe(1);
    await expect.poll(() => attr('data-fills-shown'), { timeout: WAIT_MS }).toBe(1);
    await page.screenshot({ path: join(outDir, 'chart-fills-2-stored.png') });
    expect(pageErrors).toEqual([]);
  });
});
