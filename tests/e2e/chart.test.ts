// The Chart tab in Chromium against the headless host in demo mode: open a chart, add RSI and Bollinger bands,
// read values off the crosshair, switch timeframe, open a second chart; screenshots in test-output/e2e/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { openGui, type Gui } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output/e2e');
const WAIT_MS = 20_000;

describe('Chart tab in Chromium (demo mode)', () => {
  let dataDir: string;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;

  const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent()) ?? '';
  const bars = async (): Promise<number> => Number(await page.getByTestId('candle-chart-canvas').first().getAttribute('data-bars'));
  const addIndicator = async (id: string): Promise<void> => {
    await page.getByTestId('chart-indicator-select').first().selectOption(id);
    await page.getByTestId('chart-indicator-add').first().click();
  };
  /** Pixels of the chart's canvas in the candle colours (#26a69a up, #ef5350 down). */
  const candlePixels = (): Promise<{ up: number; down: number }> =>
    page.evaluate(() => {
      const el = document.querySelector('[data-testid="candle-chart-canvas"] canvas') as HTMLCanvasElement | null;
      const ctx = el?.getContext('2d');
      if (!el || !ctx) return { up: 0, down: 0 };
      const px = ctx.getImageData(0, 0, el.width, el.height).data;
      const near = (i: number, r: number, g: number, b: number): boolean => Math.abs(px[i]! - r) + Math.abs(px[i + 1]! - g) + Math.abs(px[i + 2]! - b) < 24;
      let up = 0;
      let down = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (near(i, 0x26, 0xa6, 0x9a)) up++;
        else if (near(i, 0xef, 0x53, 0x50)) down++;
      }
      return { up, down };
    });
  const numberIn = (s: string): number => Number(/-?\d+(\.\d+)?/.exec(s)?.[0] ?? NaN);

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(outDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'chart-e2e-'));
    workstation = new Workstation({ dataDir, shell: 'headless' });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
  });

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens a chart for a symbol with candles from the demo exchange and names the source', async () => {
    await page.getByTestId('open-tab-chart').click();
    await page.getByTestId('chart-tab').first().waitFor({ timeout: WAIT_MS });
    await expect.poll(bars, { timeout: WAIT_MS }).toBeGreaterThan(50);
    expect(await text('chart-source')).toMatch(/AAPL 1Day · \d+ bars · source: demo-exchange/);
    // The view opens on the newest 250 bars, and candles are painted: count pixels in the up and down colours.
    const canvas = page.getByTestId('candle-chart-canvas').first();
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-view-to')) - Number(await canvas.getAttribute('data-view-from')), { timeout: WAIT_MS })
      .toBe(250);
    await expect.poll(async () => Math.min(...Object.values(await candlePixels())), { timeout: WAIT_MS }).toBeGreaterThan(500);
    await page.screenshot({ path: join(outDir, 'chart-1-candles.png') });
  });

  it('adds RSI and Bollinger bands computed in main, with values in the readout', async () => {
    await addIndicator('rsi');
    await addIndicator('bollinger');
    const rsi = page.locator('[data-testid^="readout-rsi"]');
    const bb = page.locator('[data-testid^="readout-bollinger"]');
    await rsi.waitFor({ timeout: WAIT_MS });
    await bb.waitFor({ timeout: WAIT_MS });
    // The readout holds a placeholder until main's values arrive (computed off main's loop for long series).
    const rsiNow = async (): Promise<number> => numberIn(((await rsi.textContent()) ?? '').replace(/^RSI\(14\)/, ''));
    await expect.poll(async () => Number.isFinite(await rsiNow()), { timeout: WAIT_MS }).toBe(true);
    const bbParts = async (): Promise<number[]> => ((await bb.textContent()) ?? '').replace(/^BOLLINGER\([^)]*\)/, '').split('/').map(numberIn);
    await expect.poll(async () => (await bbParts()).filter(Number.isFinite).length, { timeout: WAIT_MS }).toBe(3);
    const rsiValue = await rsiNow();
    expect(rsiValue).toBeGreaterThanOrEqual(0);
    expect(rsiValue).toBeLessThanOrEqual(100);
    // Bollinger middle / upper / lower: upper above lower.
    const parts = await bbParts();
    expect(parts).toHaveLength(3);
    expect(parts[1]!).toBeGreaterThan(parts[2]!);
    expect(await page.getByTestId('chart-indicator-error').count()).toBe(0);
    await page.screenshot({ path: join(outDir, 'chart-2-rsi-bollinger.png') });
  });

  it('moves the crosshair readout to the bar under the mouse', async () => {
    const last = await text('candle-chart-readout');
    const box = (await page.getByTestId('candle-chart-canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await expect.poll(() => text('candle-chart-readout'), { timeout: WAIT_MS }).not.toBe(last);
    await page.screenshot({ path: join(outDir, 'chart-3-crosshair.png') });
  });

  it('zoomed in, the readout shows the exact values of the bar under the crosshair', async () => {
    const canvas = page.getByTestId('candle-chart-canvas').first();
    const attr = async (name: string): Promise<number> => Number(await canvas.getAttribute(name));
    const span = async (): Promise<number> => (await attr('data-view-to')) - (await attr('data-view-from'));
    const before = await span();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3);
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, -400);
    await expect.poll(span, { timeout: WAIT_MS }).toBeLessThan(before / 2);
    expect(await attr('data-bucket')).toBe(1);
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.32);
    const time = page.getByTestId('candle-chart-readout-time').first();
    await expect.poll(async () => Number(await time.getAttribute('data-t')), { timeout: WAIT_MS }).toBeGreaterThan(0);
    const t = Number(await time.getAttribute('data-t'));
    // One bar per candle: the readout names a single bar, not a range.
    expect(await time.getAttribute('data-first')).toBe(await time.getAttribute('data-last'));
    expect(await time.textContent()).not.toMatch(/bars\)/);
    // The same bar straight from main's market data (not the live one, which may tick meanwhile).
    const { bars: history } = await workstation.marketData.bars({ symbol: 'AAPL', timeframe: '1Day', limit: 1000 });
    const i = history.findIndex((b) => b.t === t);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(history.length - 1);
    const bar = history[i]!;
    const shown = async (k: 'o' | 'h' | 'l' | 'c' | 'v'): Promise<{ value: number; text: string }> => {
      const el = page.getByTestId(`candle-chart-readout-${k}`).first();
      return { value: Number(await el.getAttribute('data-value')), text: (await el.textContent()) ?? '' };
    };
    for (const k of ['o', 'h', 'l', 'c'] as const) {
      const got = await shown(k);
      expect(got.value).toBe(bar[k]);
      expect(got.text).toBe(`${k.toUpperCase()} ${Math.abs(bar[k]) >= 100 ? bar[k].toFixed(2) : bar[k].toFixed(4)}`);
    }
    expect((await shown('v')).value).toBe(bar.v);
    await page.screenshot({ path: join(outDir, 'chart-3b-zoomed-in.png') });
  });

  it('zoomed out to every bar, a candle stands for several bars and the readout gives their exact aggregate', async () => {
    const canvas = page.getByTestId('candle-chart-canvas').first();
    const attr = async (name: string): Promise<number> => Number(await canvas.getAttribute(name));
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
    const n = await attr('data-bars');
    const span = async (): Promise<number> => (await attr('data-view-to')) - (await attr('data-view-from'));
    // Each wheel step zooms out by a bounded factor: keep turning until the window holds every bar.
    for (let i = 0; i < 300 && (await span()) < n - 2; i++) await page.mouse.wheel(0, 400);
    await expect.poll(span, { timeout: WAIT_MS }).toBeGreaterThan(n - 2);
    // About 1,000 bars on a ~1,350 px plot with 2 px columns: two bars per candle.
    expect(await attr('data-bucket')).toBeGreaterThanOrEqual(2);
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3);
    await page.mouse.move(box.x + box.width * 0.41, box.y + box.height * 0.32);
    const time = page.getByTestId('candle-chart-readout-time').first();
    await expect.poll(async () => (await time.textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/\(\d+ bars\)/);
    const count = Number(await time.getAttribute('data-last')) - Number(await time.getAttribute('data-first')) + 1;
    expect(count).toBe(await attr('data-bucket'));
    const t = Number(await time.getAttribute('data-t'));
    const { bars: history } = await workstation.marketData.bars({ symbol: 'AAPL', timeframe: '1Day', limit: 1000 });
    const i = history.findIndex((b) => b.t === t);
    expect(i).toBeGreaterThanOrEqual(0);
    const group = history.slice(i, i + count);
    expect(group).toHaveLength(count);
    const expected = {
      o: group[0]!.o,
      h: Math.max(...group.map((b) => b.h)),
      l: Math.min(...group.map((b) => b.l)),
      c: group[count - 1]!.c,
      v: group.reduce((sum, b) => sum + b.v, 0),
    };
    for (const k of ['o', 'h', 'l', 'c', 'v'] as const) {
      expect(Number(await page.getByTestId(`candle-chart-readout-${k}`).first().getAttribute('data-value'))).toBe(expected[k]);
    }
    await page.screenshot({ path: join(outDir, 'chart-3c-zoomed-out.png') });
  });

  it('switches timeframe: new bars, indicators recomputed on them', async () => {
    const before = await text('chart-source');
    await page.getByTestId('chart-tf-1Hour').first().click();
    await expect.poll(() => text('chart-source'), { timeout: WAIT_MS }).toMatch(/AAPL 1Hour · \d+ bars/);
    expect(await text('chart-source')).not.toBe(before);
    await expect.poll(bars, { timeout: WAIT_MS }).toBeGreaterThan(20);
    await page.mouse.move(5, 5);
    const rsi = page.locator('[data-testid^="readout-rsi"]');
    await expect.poll(async () => numberIn(((await rsi.textContent()) ?? '').replace(/^RSI\(14\)/, '')), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: join(outDir, 'chart-4-timeframe-1hour.png') });
  });

  it('opens a second chart as another tab (Shift-click; a plain click shows the open one)', async () => {
    await page.getByTestId('open-tab-chart').click({ modifiers: ['Shift'] });
    await page.getByTestId('tab-chart-2').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('tab-chart').count()).toBe(1);
    await page.screenshot({ path: join(outDir, 'chart-5-second-chart.png') });
    expect(gui.pageErrors).toEqual([]);
  });
});
