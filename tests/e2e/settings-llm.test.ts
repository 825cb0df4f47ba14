import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { endpointsOf, openGui, SESSION_START, type Gui } from '../support/gui.js';
import { startLlmStandIn, type LlmStandIn } from '../support/llm-server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
const KEY = 'sk-or-v1-e2e-settings-00112233445566778899aabbccddeeff';

/**
 * The LLM's endpoint, model and daily limits set in the Settings tab (issue 17), in Chromium against the headless
 * host: the workstation starts pointed at one loopback stand-in; Settings points it at a second with another model
 * and a limit of one request a day; the AI tab's next analysis goes to the second, the one after is refused by the
 * limit. Main refuses an endpoint that is not an http(s) URL. Screenshots in test-output/e2e/settings-llm-*.png.
 */
describe('LLM settings in Chromium', () => {
  let first: LlmStandIn;
  let second: LlmStandIn;
  let exchange: RunningExchange;
  let workstation: Workstation;
  let gui: Gui;
  let dataDir: string;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `settings-llm-${name}.png`) });

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    first = await startLlmStandIn(KEY);
    second = await startLlmStandIn(KEY);
    exchange = await startExchange({ startTime: SESSION_START, seed: 23, speed: 1, partialFillShare: 0, log: { warn: () => {}, error: () => {} } });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-settings-llm-'));
    workstation = new Workstation({
      dataDir,
      shell: 'headless',
      secrets: { keychain: 'off', env: { OPENROUTER_API_KEY: KEY } },
      marketDataEndpoints: endpointsOf(exchange),
      llm: { baseUrl: first.baseUrl, model: 'standin/first', timeoutMs: 10_000 },
    });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
    await page.setViewportSize({ width: 1500, height: 1100 });
  }, 180_000);

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    await exchange?.close();
    await first?.close();
    await second?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('main refuses an endpoint that is not an http(s) URL, and stores nothing', async () => {
    await page.getByTestId('open-tab-settings').click();
    await page.getByTestId('settings-llm-config').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('settings-llm-baseUrl').fill('ftp://127.0.0.1/api');
    await page.getByTestId('settings-llm-config-save').click();
    await page.getByTestId('settings-llm-config-error').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('settings-llm-config-error').textContent()).toMatch(/llm\.config.*http\(s\) URL/);
    const stored = await workstation.router.dispatch('settings.get', { key: 'llm.config' }, { signal: new AbortController().signal, peer: 'test' });
    expect(stored).toEqual({ ok: true, value: { key: 'llm.config', value: null } });
  });

  it('sends the next analysis to the endpoint and model set in Settings, and applies its daily request limit', async () => {
    await page.getByTestId('settings-llm-baseUrl').fill(second.baseUrl);
    await page.getByTestId('settings-llm-model').fill('standin/second');
    await page.getByTestId('settings-llm-maxRequestsPerDay').fill('1');
    await page.getByTestId('settings-llm-maxCostUsdPerDay').fill('0.5');
    await page.getByTestId('settings-llm-config-save').click();
    await page.getByTestId('settings-llm-config-saved').waitFor({ timeout: WAIT_MS });
    await shot('saved');

    await page.getByTestId('open-tab-ai').click();
    await page.getByTestId('ai-tab').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('ai-symbol').fill('SPY');
    await page.getByTestId('ai-analyze').click();
    await page.getByTestId('ai-result').or(page.getByTestId('ai-error')).first().waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('ai-error').count() > 0 ? await page.getByTestId('ai-error').textContent() : '').toBe('');
    expect(first.requests).toHaveLength(0);
    expect(second.requests).toHaveLength(1);
    expect((second.requests[0]!.body as { model: string }).model).toBe('standin/second');
    expect(second.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);

    // The limit of one request a day is reached: the next is refused before anything is sent.
    await page.getByTestId('ai-symbol').fill('QQQ');
    await page.getByTestId('ai-analyze').click();
    await page.getByTestId('ai-error').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('ai-error').textContent()).toMatch(/LLM_LIMIT: .*limit of 1 LLM requests/);
    expect(second.requests).toHaveLength(1);
    await shot('limit');

    // Reloaded, the Settings tab shows what main stored; the key never reaches the window.
    await page.getByTestId('open-tab-settings').click();
    expect(await page.getByTestId('settings-llm-baseUrl').inputValue()).toBe(second.baseUrl);
    expect(await page.getByTestId('settings-llm-maxCostUsdPerDay').inputValue()).toBe('0.5');
    expect(await page.content()).not.toContain(KEY);
    expect(gui.pageErrors).toEqual([]);
    expect(gui.cspViolations).toEqual([]);
  });
});
