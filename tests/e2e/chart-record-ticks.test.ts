// The chart's tick-recording switch in Chromium against the headless host in demo mode: the chart symbol's live quotes
// and trades go into the history store while it is on (main's list says so), the button shows the state (read from
// main again when the chart's symbol changes), and a click turns it off. Screenshot in test-output/e2e/.
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

describe('Chart tick-recording switch in Chromium (demo mode)', () => {
  let dataDir: string;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;

  const recordingInMain = (): string[] => workstation.marketData.tickRecording();
  const pressed = async (index: number): Promise<string | null> => page.getByTestId('chart-record-ticks').nth(index).getAttribute('aria-pressed');

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(outDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'chart-ticks-e2e-'));
    workstation = new Workstation({ dataDir, shell: 'headless' });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
  }, 120_000);

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('turns recording of the chart symbol on and off, showing the state main holds', async () => {
    await page.getByTestId('open-tab-chart').click();
    await page.getByTestId('chart-tab').first().waitFor({ timeout: WAIT_MS });
    const button = page.getByTestId('chart-record-ticks').first();
    await expect.poll(async () => button.isEnabled(), { timeout: WAIT_MS }).toBe(true);
    expect(await pressed(0)).toBe('false');
    expect(await button.textContent()).toBe('Record ticks');
    expect(recordingInMain()).not.toContain('AAPL');

    await button.click();
    await expect.poll(() => pressed(0), { timeout: WAIT_MS }).toBe('true');
    expect(await button.textContent()).toBe('● Recording ticks');
    expect(recordingInMain()).toContain('AAPL');
    await page.screenshot({ path: join(outDir, 'chart-record-ticks-on.png') });

    // Another symbol is not recorded; back on AAPL, the state is read from main again, and a click turns it off.
    const symbolBox = page.getByTestId('chart-symbol').first();
    await symbolBox.fill('MSFT');
    await symbolBox.press('Enter');
    await expect.poll(() => pressed(0), { timeout: WAIT_MS }).toBe('false');
    expect(await button.textContent()).toBe('Record ticks');
    await symbolBox.fill('AAPL');
    await symbolBox.press('Enter');
    await expect.poll(() => pressed(0), { timeout: WAIT_MS }).toBe('true');
    await button.click();
    await expect.poll(() => pressed(0), { timeout: WAIT_MS }).toBe('false');
    expect(recordingInMain()).not.toContain('AAPL');
    expect(gui.pageErrors).toEqual([]);
  }, 120_000);
});
