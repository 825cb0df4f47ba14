import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, collectPageProblems, waitForDock } from '../support/chromium.js';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { loadKeytar, probeKeychain } from '../../src-main/secrets/keytar-store.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { AesTestCipher } from '../unit/secrets/test-cipher.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WAIT_MS = 15_000;
const SERVICE = `alpaca-workstation-e2e-${randomBytes(4).toString('hex')}`;
// The real Secret Service where one answers (scripts/test.sh provides it); else Electron's encrypted-file
// fallback with a Node AES stand-in for safeStorage. The GUI flow is the same either way.
const keychain = await probeKeychain(SERVICE);

describe(`Settings in Chromium: paper keys saved, only the masked value shown (store: ${keychain.ok ? 'Secret Service' : 'encrypted file'})`, () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const frames: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt('renderer');
    exchange = await startExchange({ seed: 11 });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-settings-'));
    workstation = new Workstation({
      dataDir,
      shell: 'headless',
      secrets: {
        serviceName: SERVICE,
        env: {},
        alpacaHosts: { paper: exchange.tradingUrl },
        ...(keychain.ok ? {} : { keychain: 'off' as const, cipher: new AesTestCipher('gnome_libsecret') }),
      },
    });
    await workstation.start();
    host = await startHost({ workstation, rendererDir: join(root, 'dist/renderer'), port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageProblems(page, pageErrors);
    // Every message main sends to this GUI, to prove none carries the secret back.
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
    await page.goto(host.urlWithToken);
    await waitForDock(page, WAIT_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await workstation?.stop();
    await exchange?.close();
    if (keychain.ok) {
      const keytar = await loadKeytar();
      for (const account of ['alpaca.paper.keyId', 'alpaca.paper.secret']) await keytar.deletePassword(SERVICE, account);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the Settings tab with no paper keys', async () => {
    await page.getByTestId('open-tab-settings').click();
    await page.getByTestId('settings-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('settings-paper-status').getAttribute('data-set'), { timeout: WAIT_MS }).toBe('false');
    expect(await page.getByTestId('settings-store').getAttribute('data-backend')).toBe(keychain.ok ? 'keychain' : 'encrypted-file');
  });

  it('saves paper keys and shows only the last four characters of the key id', async () => {
    await page.getByTestId('settings-paper-key-id').fill(exchange.keys.keyId);
    await page.getByTestId('settings-paper-secret').fill(exchange.keys.secret);
    await page.getByTestId('settings-paper-save').click();
    await expect.poll(() => page.getByTestId('settings-paper-status').getAttribute('data-set'), { timeout: WAIT_MS }).toBe('true');
    expect(await page.getByTestId('settings-paper-status-masked').textContent()).toBe(`••••${exchange.keys.keyId.slice(-4)}`);
    // The form forgets what was typed.
    expect(await page.getByTestId('settings-paper-key-id').inputValue()).toBe('');
    expect(await page.getByTestId('settings-paper-secret').inputValue()).toBe('');
    expect(await workstation.secrets.alpacaKeys('paper')).toEqual(exchange.keys);
  });

  it('tests the stored keys with a real account call to the local exchange', async () => {
    await page.getByTestId('settings-paper-test').click();
    const result = page.getByTestId('settings-paper-test-result');
    await result.waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/paper keys accepted by http:\/\/127\.0\.0\.1:\d+: account active/);
    mkdirSync(join(root, 'test-output/e2e'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/e2e/settings.png') });
  });

  it('never sends the secret or the full key id back to the page', async () => {
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.some((f) => f.includes('secrets.changed') || f.includes('"last4"'))).toBe(true);
    for (const frame of frames) {
      expect(frame).not.toContain(exchange.keys.secret);
      expect(frame).not.toContain(exchange.keys.keyId);
    }
    const html = await page.content();
    expect(html).not.toContain(exchange.keys.secret);
    expect(html).not.toContain(exchange.keys.keyId);
  });

  it('deletes the keys after a confirmation click', async () => {
    await page.getByTestId('settings-paper-delete').click();
    expect(await page.getByTestId('settings-paper-delete').textContent()).toBe('Really delete?');
    await page.getByTestId('settings-paper-delete').click();
    await expect.poll(() => page.getByTestId('settings-paper-status').getAttribute('data-set'), { timeout: WAIT_MS }).toBe('false');
    expect(await workstation.secrets.alpacaKeys('paper')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
