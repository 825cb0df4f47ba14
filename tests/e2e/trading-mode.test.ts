import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpacaHosts } from '../../src-main/adapters/alpaca/hosts.js';
import { generateKeyPair } from '../../src-main/exchange/demo-keys.js';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { loadKeytar, probeKeychain } from '../../src-main/secrets/keytar-store.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { collectPageProblems, launchChromium, waitForDock } from '../support/chromium.js';
import { AesTestCipher } from '../unit/secrets/test-cipher.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WAIT_MS = 20_000;
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const SERVICE = `alpaca-workstation-e2e-modes-${randomBytes(4).toString('hex')}`;
const keychain = await probeKeychain(SERVICE);

function hostsOf(exchange: RunningExchange): AlpacaHosts {
  return { tradingUrl: exchange.tradingUrl, tradingStreamUrl: exchange.streamUrl, dataUrl: exchange.dataUrl, dataStreamUrl: exchange.marketDataStreamUrl.replace(/\/v2\/iex$/, '') };
}

/**
 * The trading mode in Chromium: the banner names the mode, a switch to paper reloads the window in paper mode,
 * live asks for the typed phrase, and after a restart in live mode orders stay locked until it is typed again.
 * Two local exchanges stand in for Alpaca's paper and live hosts.
 */
describe('trading mode in Chromium: demo → paper → live, locked after a restart', () => {
  const paperKeys = generateKeyPair();
  const liveKeys = { ...generateKeyPair(), keyId: `AK${generateKeyPair().keyId.slice(2)}` };
  let paperHost: RunningExchange;
  let liveHost: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const open = async (): Promise<void> => {
    workstation = new Workstation({
      dataDir,
      shell: 'headless',
      alpacaHosts: { paper: hostsOf(paperHost), live: hostsOf(liveHost) },
      secrets: { serviceName: SERVICE, env: {}, ...(keychain.ok ? {} : { keychain: 'off' as const, cipher: new AesTestCipher('gnome_libsecret') }) },
    });
    await workstation.start();
    host = await startHost({ workstation, rendererDir: join(root, 'dist/renderer'), port: 0 });
  };
  const banner = () => page.getByTestId('mode-banner');
  const liveOrderIds = async (): Promise<string[]> => {
    const response = await fetch(`${liveHost.tradingUrl}/v2/orders?status=all&limit=500`, { headers: { 'APCA-API-KEY-ID': liveKeys.keyId, 'APCA-API-SECRET-KEY': liveKeys.secret } });
    return ((await response.json()) as Array<{ client_order_id: string }>).map((o) => o.client_order_id);
  };
  const openSettings = async (): Promise<void> => {
    if (!(await page.getByTestId('settings-tab').isVisible())) await page.getByTestId('open-tab-settings').click();
    await page.getByTestId('trading-mode-form').waitFor({ state: 'visible', timeout: WAIT_MS });
  };

  beforeAll(async () => {
    ensureBuilt('renderer');
    paperHost = await startExchange({ seed: 5, startTime: SESSION_START, keys: paperKeys });
    liveHost = await startExchange({ seed: 6, startTime: SESSION_START, keys: liveKeys });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-modes-'));
    await open();
    await workstation.secrets.saveAlpacaKeys('paper', paperKeys, false);
    await workstation.secrets.saveAlpacaKeys('live', liveKeys, !keychain.ok);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageProblems(page, pageErrors);
    await page.goto(host.urlWithToken);
    await waitForDock(page, WAIT_MS);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (keychain.ok) {
      const keytar = await loadKeytar();
      for (const account of ['alpaca.paper.keyId', 'alpaca.paper.secret', 'alpaca.live.keyId', 'alpaca.live.secret']) await keytar.deletePassword(SERVICE, account);
    }
    await workstation?.stop();
    await paperHost?.close();
    await liveHost?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts in demo mode, named in the banner', async () => {
    await expect.poll(() => banner().getAttribute('data-mode'), { timeout: WAIT_MS }).toBe('demo');
    await openSettings();
    expect(await page.getByTestId('trading-mode-now').textContent()).toMatch(/Trading now in DEMO mode on the local exchange/);
  });

  it('switches to paper: the window reloads in paper mode, and the paper key never reaches the live host', async () => {
    await page.getByTestId('trading-mode-paper').check();
    await Promise.all([page.waitForEvent('load', { timeout: WAIT_MS }), page.getByTestId('trading-mode-switch').click()]);
    await waitForDock(page, WAIT_MS);
    await expect.poll(() => banner().getAttribute('data-mode'), { timeout: WAIT_MS }).toBe('paper');
    expect(await banner().textContent()).toBe('PAPER · simulated money');
    expect(workstation.mode).toBe('paper');
    expect(liveHost.presentedKeyIds()).not.toContain(paperKeys.keyId);
  });

  it('live needs the typed phrase, then the banner turns to LIVE', async () => {
    await openSettings();
    await page.getByTestId('trading-mode-live').check();
    await page.getByTestId('trading-live-confirm').waitFor({ state: 'visible', timeout: WAIT_MS });
    const button = page.getByTestId('trading-mode-switch');
    expect(await button.isDisabled()).toBe(true);
    await page.getByTestId('trading-live-phrase').fill('live');
    expect(await button.isDisabled()).toBe(true);
    await page.getByTestId('trading-live-phrase').fill('LIVE');
    expect(await button.isDisabled()).toBe(false);
    await Promise.all([page.waitForEvent('load', { timeout: WAIT_MS }), button.click()]);
    await waitForDock(page, WAIT_MS);
    await expect.poll(() => banner().getAttribute('data-mode'), { timeout: WAIT_MS }).toBe('live');
    expect(await banner().textContent()).toBe('LIVE · REAL MONEY');
    expect(await page.getByTestId('mode-locked').count()).toBe(0);
    mkdirSync(join(root, 'test-output/e2e'), { recursive: true });
    await openSettings();
    await page.screenshot({ path: join(root, 'test-output/e2e/trading-mode-live.png') });
  });

  it('a live order from the ticket asks once more, names the real money, and reaches the live host only', async () => {
    // Start-up reconciliation with the live broker comes first (the ticket's preview says NOT_RECONCILED until then).
    await expect.poll(() => workstation.orders.ready && workstation.orders.manager.reconciliation !== undefined, { timeout: WAIT_MS }).toBe(true);
    await page.getByTestId('open-tab-ticket').click();
    await page.getByTestId('ticket-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('ticket-symbol').fill('AAPL');
    await page.getByTestId('ticket-type').selectOption('market');
    await page.getByTestId('ticket-amount').fill('1');
    await page.getByTestId('ticket-amount').press('Enter');
    await page.getByTestId('ticket-preview').waitFor({ timeout: WAIT_MS });
    await expect.poll(async () => page.getByTestId('preview-code').textContent(), { timeout: WAIT_MS }).toBe('OK');
    await page.getByTestId('ticket-amount').press('Enter');
    const dialog = page.getByTestId('live-confirm');
    await dialog.waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await dialog.textContent()).toMatch(/LIVE order: real money.*BUY 1 shares of AAPL/s);
    await page.screenshot({ path: join(root, 'test-output/e2e/trading-mode-live-order-confirm.png') });
    // Nothing left for the broker before the confirmation.
    expect(await liveOrderIds()).toEqual([]);
    await page.getByTestId('live-confirm-send').click();
    await expect.poll(async () => (await page.getByTestId('ticket-outcome').textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/^sent: ws-/);
    const sent = /sent: (ws-[\w-]+)/.exec((await page.getByTestId('ticket-outcome').textContent()) ?? '')?.[1];
    await expect.poll(liveOrderIds, { timeout: WAIT_MS, interval: 500 }).toContain(sent);
    expect(paperHost.presentedKeyIds()).not.toContain(liveKeys.keyId);
  });

  it('after a restart in live mode, orders stay locked until the phrase is typed again', async () => {
    await host.close();
    await workstation.stop();
    await open();
    await page.goto(host.urlWithToken);
    await waitForDock(page, WAIT_MS);
    await expect.poll(() => banner().getAttribute('data-mode'), { timeout: WAIT_MS }).toBe('live');
    await page.getByTestId('mode-locked').waitFor({ state: 'visible', timeout: WAIT_MS });
    await openSettings();
    expect(await page.getByTestId('trading-mode-notice').textContent()).toMatch(/locked until you confirm/);
    await page.screenshot({ path: join(root, 'test-output/e2e/trading-mode-live-locked.png') });
    await page.getByTestId('trading-live-phrase').fill('LIVE');
    await Promise.all([page.waitForEvent('load', { timeout: WAIT_MS }), page.getByTestId('trading-mode-switch').click()]);
    await waitForDock(page, WAIT_MS);
    await expect.poll(() => page.getByTestId('mode-locked').count(), { timeout: WAIT_MS }).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
