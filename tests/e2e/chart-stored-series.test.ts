// History imported with `workstation import` is charted: the chart's Stored series picker lists what the store
// holds and shows it (symbol and timeframe together), where the chart used to say "0 bars". Screenshot in
// test-output/e2e/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { openGui, type Gui } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output/e2e');
const WAIT_MS = 20_000;

describe('Chart of a series imported with the CLI (Chromium, demo mode)', () => {
  let dataDir: string;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt('renderer');
    ensureBuilt('main');
    mkdirSync(outDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'chart-stored-e2e-'));
    // 1,500 minute bars of a symbol no exchange lists, in 2001.
    const lines = ['datetime,open,high,low,close,volume'];
    let price = 40;
    for (let i = 0; i < 1500; i++) {
      const t = Date.UTC(2001, 5, 4, 13, 30) + i * 60_000;
      const c = price + (((i * 37) % 11) - 5) / 50;
      lines.push(`${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${price.toFixed(2)},${(Math.max(price, c) + 0.03).toFixed(2)},${(Math.min(price, c) - 0.03).toFixed(2)},${c.toFixed(2)},${500 + i}`);
      price = c;
    }
    const csv = join(dataDir, 'mine.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const run = spawnSync(process.execPath, [join(root, packageJson.bin.workstation), 'import', '--file', csv, '--symbol', 'MINE', '--timeframe', '1Min', '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    workstation = new Workstation({ dataDir, shell: 'headless' });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
  }, 180_000);

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers the stored series and charts its bars from the history store', async () => {
    await page.getByTestId('open-tab-chart').click();
    await page.getByTestId('chart-tab').first().waitFor({ timeout: WAIT_MS });
    const picker = page.getByTestId('chart-stored').first();
    await picker.waitFor({ timeout: WAIT_MS });
    const option = picker.locator('option', { hasText: 'MINE 1Min' });
    expect(await option.textContent()).toBe('MINE 1Min (2001-06-04 to 2001-06-05)');
    await picker.selectOption({ label: 'MINE 1Min (2001-06-04 to 2001-06-05)' });
    await expect.poll(async () => (await page.getByTestId('chart-source').first().textContent()) ?? '', { timeout: WAIT_MS }).toBe('MINE 1Min · 1000 bars · source: history-store');
    expect(await page.getByTestId('chart-tf-1Min').first().getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => Number(await page.getByTestId('candle-chart-canvas').first().getAttribute('data-bars')), { timeout: WAIT_MS }).toBe(1000);
    await page.screenshot({ path: join(outDir, 'chart-stored-series.png') });
    expect(gui.pageErrors).toEqual([]);
  });
});
