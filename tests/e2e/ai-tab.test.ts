import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { endpointsOf, openGui, SESSION_START, type Gui } from '../support/gui.js';
import { completion, startLlmStandIn, validAnswer, type LlmStandIn } from '../support/llm-server.js';

/** Every day's usage log of the data folder (one file per UTC day), concatenated. */
function usageLogText(dataDir: string): string {
  const dir = join(dataDir, 'logs');
  return readdirSync(dir)
    .filter((f) => /^llm-usage-\d{4}-\d{2}-\d{2}\.jsonl$/.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}


const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
const KEY = 'sk-or-v1-e2e-standin-aabbccddeeff00112233445566778899';

/**
 * The AI tab (issue 17) in Chromium against the headless host, a local exchange and the OpenAI-compatible stand-in
 * on loopback: analyse a symbol, see the analysis and its proposal, Act to open the ticket filled in with it (no
 * order sent), preview it through the risk engine; a malformed answer shows its coded error.
 * Screenshots in test-output/e2e/ai-*.png.
 */
describe('the AI tab in Chromium', () => {
  let llm: LlmStandIn;
  let exchange: RunningExchange;
  let workstation: Workstation;
  let gui: Gui;
  let dataDir: string;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `ai-${name}.png`) });

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    llm = await startLlmStandIn(KEY);
    exchange = await startExchange({ startTime: SESSION_START, seed: 17, speed: 1, partialFillShare: 0, log: { warn: () => {}, error: () => {} } });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-ai-'));
    workstation = new Workstation({
      dataDir,
      shell: 'headless',
      secrets: { keychain: 'off', env: { OPENROUTER_API_KEY: KEY } },
      marketDataEndpoints: endpointsOf(exchange),
      llm: { baseUrl: llm.baseUrl, model: 'standin/analyst-1', timeoutMs: 10_000 },
    });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
    await page.setViewportSize({ width: 1500, height: 950 });
  }, 180_000);

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    await exchange?.close();
    await llm?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the analysis and proposals; Act fills in the ticket without sending, and the preview passes the risk engine', async () => {
    await page.getByTestId('open-tab-ai').click();
    await page.getByTestId('ai-tab').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('ai-symbol').fill('SPY');
    await page.getByTestId('ai-analyze').click();
    await page.getByTestId('ai-result').or(page.getByTestId('ai-error')).first().waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('ai-error').count() > 0 ? await page.getByTestId('ai-error').textContent() : '').toBe('');

    // What main sent: the model, the key as bearer only, and the symbol's own daily numbers.
    expect(llm.requests).toHaveLength(1);
    const req = llm.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = req.body as { model: string; messages: Array<{ content: string }> };
    expect(body.model).toBe('standin/analyst-1');
    const sent = JSON.parse(body.messages[1]!.content.split('\n').slice(1).join('\n')) as { symbol: string; lastClose: number; recentBars: unknown[]; risk: Record<string, number> };
    expect(sent.symbol).toBe('SPY');
    expect(sent.recentBars.length).toBeGreaterThan(10);
    expect(sent.risk.maxOrderNotional).toBeGreaterThan(0);
    const limit = Number((sent.lastClose * 0.99).toFixed(2));

    expect(await page.getByTestId('ai-outlook').textContent()).toBe('bullish');
    expect(await page.getByTestId('ai-confidence').textContent()).toBe('confidence 0.62');
    expect(await page.getByTestId('ai-analysis').textContent()).toContain(`SPY closed at ${sent.lastClose}`);
    const rows = page.getByTestId('ai-proposal-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`limit ${limit}`);
    await shot('analysis');

    await rows.first().getByTestId('ai-act').click();
    await page.getByTestId('ticket-tab').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('ticket-draft-note').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('ticket-draft-note').textContent()).toMatch(/^AI proposal .*nothing was sent/);
    expect(await page.getByTestId('ticket-symbol').inputValue()).toBe('SPY');
    expect(await page.getByTestId('ticket-side-buy').isChecked()).toBe(true);
    expect(await page.getByTestId('ticket-type').inputValue()).toBe('limit');
    expect(await page.getByTestId('ticket-sizing').inputValue()).toBe('qty');
    expect(await page.getByTestId('ticket-amount').inputValue()).toBe('10');
    expect(Number(await page.getByTestId('ticket-limitPrice').inputValue())).toBe(limit);
    // Acting opened a ticket; it sent nothing.
    expect(workstation.orders.manager.orders().length).toBe(0);

    await page.getByTestId('ticket-preview-button').click();
    await page.getByTestId('ticket-preview').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('preview-verdict').textContent()).toMatch(/PASS/);
    await shot('ticket');
    expect(workstation.orders.manager.orders().length).toBe(0);
    expect(usageLogText(dataDir)).not.toContain(KEY);
  });

  it('shows a malformed answer as a coded error', async () => {
    llm.respond((r) => ({ body: completion(JSON.stringify({ ...validAnswer(r), confidence: 7 })) }));
    await page.getByTestId('open-tab-ai').click();
    await page.getByTestId('ai-symbol').fill('QQQ');
    await page.getByTestId('ai-analyze').click();
    await page.getByTestId('ai-error').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('ai-error').textContent()).toMatch(/LLM_BAD_ANSWER: .*confidence/);
    // The previous symbol's analysis is gone, not left on screen as if it answered this one.
    expect(await page.getByTestId('ai-result').count()).toBe(0);
    await shot('bad-answer');
    expect(gui.pageErrors).toEqual([]);
    expect(gui.cspViolations).toEqual([]);
  });
});
