import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, collectPageProblems, waitForDock } from '../support/chromium.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = join(root, 'dist/renderer');
const screenshotPath = join(root, 'test-output/e2e/workstation.png');
// Two slow cores: generous limits, but every wait polls for its condition instead of sleeping.
const WAIT_MS = 15_000;

function ensureRendererBuilt(): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  try {
    ensureBuilt('renderer');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`dist/renderer is missing and \`node scripts/build.mjs renderer\` failed: ${detail}`);
  }
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('`node scripts/build.mjs renderer` ran but dist/renderer/index.html is still missing');
  }
}

describe('workstation GUI in Chromium', () => {
  let dataDir: string;
  let workstation: Workstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  // textContent, not innerText: CSS may upper-case a label, the DOM value is what the GUI was given.
  const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).textContent()) ?? '';
  const activeTab = (): Promise<string | null> => page.getByTestId('dock').getAttribute('data-active-tab');

  beforeAll(async () => {
    ensureRendererBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-'));
    workstation = new Workstation({ dataDir, shell: 'headless' });
    await workstation.start();
    host = await startHost({ workstation, rendererDir, port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageProblems(page, pageErrors, cspViolations);
    // Exposed bindings survive reloads, so violations on every load are collected in the test process.
    await page.exposeFunction('reportCspViolation', (description: string) => cspViolations.push(description));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportCspViolation: (d: string) => void }).reportCspViolation;
        void report(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    await page.goto(host.urlWithToken);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await workstation?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens on the Welcome tab (first steps), with System beside it', async () => {
    await waitForDock(page, WAIT_MS);
    await page.getByTestId('welcome-steps').waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await activeTab()).toBe('welcome');
    await expect.poll(() => page.getByTestId('tab-system').count()).toBe(1);
    await expect.poll(() => page.getByTestId('tab-welcome').count()).toBe(1);
  });

  it('removes the token from the address bar', () => {
    expect(page.url()).not.toContain(host.token);
    expect(page.url()).not.toContain('token=');
  });

  it('shows demo mode and the connection in the status bar', async () => {
    await expect.poll(() => text('status-mode'), { timeout: WAIT_MS }).toBe('demo');
    await expect.poll(() => text('status-connection'), { timeout: WAIT_MS }).toBe('connected');
    await expect.poll(() => text('status-market-clock'), { timeout: WAIT_MS }).toMatch(/^\d\d:\d\d:\d\d ET$/);
    expect(await text('status-market-session')).toMatch(/^(PRE-MARKET|OPEN|AFTER HOURS|CLOSED)$/);
    expect(await text('status-clock-local')).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it('updates the System figures live', async () => {
    await page.getByTestId('tab-system').click();
    await expect.poll(() => text('system-uptime'), { timeout: WAIT_MS }).toMatch(/^\d\d:\d\d:\d\d$/);
    const first = await text('system-uptime');
    await expect.poll(() => text('system-uptime'), { timeout: WAIT_MS, interval: 250 }).not.toBe(first);
    expect(await text('system-mode')).toBe('demo');
    expect(await text('system-loop-p50')).toMatch(/^\d+\.\d\d$/);
    expect(await text('system-loop-p99')).toMatch(/^\d+\.\d\d$/);
    expect(await text('system-rss')).toMatch(/^\d+\.\d$/);
    await page.getByTestId('service-storage').waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('service-storage').getAttribute('data-state')).toBe('ok');
    // Demo mode runs the local exchange in-process; the System tab shows where it trades.
    await expect.poll(() => page.getByTestId('service-demo-exchange').getAttribute('data-state'), { timeout: WAIT_MS }).toBe('ok');
    expect(await text('service-demo-exchange')).toMatch(/trading at http:\/\/127\.0\.0\.1:\d+/);
    await expect.poll(() => page.getByTestId('system-log').getByTestId('log-row').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
  });

  it('opens a Log tab from the toolbar and closes it', async () => {
    const tabs = page.locator('.dv-tab');
    const before = await tabs.count();
    await page.getByTestId('open-tab-log').click();
    await expect.poll(() => tabs.count()).toBe(before + 1);
    await page.getByTestId('log-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect.poll(() => activeTab()).toBe('log');
    await expect.poll(() => page.getByTestId('log-list').getByTestId('log-row').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);

    await page.getByTestId('tab-close-log').click();
    await expect.poll(() => tabs.count()).toBe(before);
    await expect.poll(() => page.getByTestId('tab-log').count()).toBe(0);
    await expect.poll(() => page.getByTestId('log-tab').count()).toBe(0);
  });

  it('switches tabs with the keyboard', async () => {
    await page.getByTestId('tab-system').click();
    await expect.poll(() => activeTab()).toBe('system');
    await page.keyboard.press('Control+Alt+ArrowLeft');
    await expect.poll(() => activeTab()).toBe('welcome');
    await page.getByTestId('welcome-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.keyboard.press('Control+Alt+ArrowRight');
    await expect.poll(() => activeTab()).toBe('system');
    await page.keyboard.press('Alt+1');
    await expect.poll(() => activeTab()).toBe('welcome');
    await page.keyboard.press('Alt+2');
    await expect.poll(() => activeTab()).toBe('system');
  });

  it('keeps the layout across a reload', async () => {
    await page.getByTestId('open-tab-log').click();
    await expect.poll(() => activeTab()).toBe('log');
    // The save is debounced; wait until main has stored a layout that holds the new tab.
    await expect
      .poll(() => {
        const layout = workstation.settings.get('ui.layout') as { panels?: Record<string, unknown> } | null;
        return layout?.panels !== undefined && 'log' in layout.panels;
      }, { timeout: WAIT_MS })
      .toBe(true);

    await page.reload();
    await waitForDock(page, WAIT_MS);
    await expect.poll(() => page.getByTestId('tab-log').count()).toBe(1);
    await expect.poll(() => page.getByTestId('tab-system').count()).toBe(1);
    await expect.poll(() => text('status-connection'), { timeout: WAIT_MS }).toBe('connected');
  });

  it('falls back to the default layout when the saved one is stale', async () => {
    const saved = workstation.settings.get('ui.layout') as { panels: Record<string, Record<string, unknown>> };
    const stale = structuredClone(saved);
    const log = stale.panels.log;
    if (!log) throw new Error('the saved layout should still hold the Log tab');
    log.contentComponent = 'no-such-tab';
    workstation.settings.set('ui.layout', stale);

    await page.reload();
    await waitForDock(page, WAIT_MS);
    await expect.poll(() => page.getByTestId('tab-system').count()).toBe(1);
    await expect.poll(() => page.getByTestId('tab-welcome').count()).toBe(1);
    expect(await page.getByTestId('tab-log').count()).toBe(0);
    // The stale layout is overwritten with the default, so the next start restores cleanly.
    await expect
      .poll(() => {
        const layout = workstation.settings.get('ui.layout') as { panels?: Record<string, unknown> } | null;
        return layout?.panels ? Object.keys(layout.panels).sort().join(',') : '';
      }, { timeout: WAIT_MS })
      .toBe('system,welcome');
  });

  it('saves a screenshot', async () => {
    await page.getByTestId('tab-system').click();
    await expect.poll(() => text('system-uptime'), { timeout: WAIT_MS }).toMatch(/^\d\d:\d\d:\d\d$/);
    await expect.poll(() => page.getByTestId('system-log').getByTestId('log-row').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect(existsSync(screenshotPath)).toBe(true);
  });

  it('had no CSP violations and no page errors', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
