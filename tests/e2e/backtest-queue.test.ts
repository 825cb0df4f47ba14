// The Backtest tab's Research queue panel in Chromium against the headless host, with a real Redis and a real
// `workstation worker` process: the panel lists the worker, and an optimisation sent to the queue runs there (the
// worker's log says so) and shows the same best combination as the same optimisation run locally.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGui, type Gui } from '../support/gui.js';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import { historyDatabasePath } from '../../src-main/history/history-db.js';
import { HistoryStore } from '../../src-main/history/store.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output/e2e');
const WAIT_MS = 60_000;
const FILE = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

describe('Backtest tab on a research queue in Chromium', () => {
  let dataDir: string;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;
  let redis: RunningRedis;
  let worker: ChildProcess;
  let workerLog = '';

  beforeAll(async () => {
    // Always rebuild what this tests: a stale renderer, CLI or worker bundle would test old code.
    ensureBuilt('main');
    for (const part of ['renderer', 'backtest-worker'] as const) ensureBuilt(part);
    mkdirSync(outDir, { recursive: true });
    redis = await startRedis();
    worker = spawn(process.execPath, [join(root, 'dist/main/cli.mjs'), 'worker', '--queue', redis.url], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    worker.stdout!.on('data', (c: Buffer) => (workerLog += c.toString()));
    await new Promise<void>((resolve) => worker.stdout!.on('data', () => workerLog.includes(' on redis://') && resolve()));
    dataDir = mkdtempSync(join(tmpdir(), 'backtest-queue-e2e-'));
    const store = HistoryStore.open(historyDatabasePath(dataDir));
    store.writeBars('ORCL', '1Day', parseYahooCsv(readFileSync(FILE, 'utf8'), FILE), 'yahoo-file');
    store.close();
    workstation = new Workstation({ dataDir, shell: 'headless' });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS, height: 1400 });
    page = gui.page;
  }, 240_000);

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    worker?.kill('SIGKILL');
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the connected worker and runs the tab optimisation on it, with the local result', async () => {
    await page.getByTestId('open-tab-backtest').click();
    await page.getByTestId('backtest-tab').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('backtest-strategy').inputValue(), { timeout: WAIT_MS }).toBe('sma-cross');
    await page.getByTestId('backtest-symbol').fill('ORCL');
    await page.getByTestId('backtest-grid-fast').fill('5:25:5');
    await page.getByTestId('backtest-grid-slow').fill('40,80,120,160');

    // Locally first.
    await page.getByTestId('backtest-optimize-run').click();
    await page.getByTestId('backtest-optimize-result').waitFor({ timeout: WAIT_MS });
    const localBest = await page.getByTestId('backtest-optimize-best').textContent();

    await page.getByTestId('backtest-queue-url').fill(redis.url);
    await page.getByTestId('backtest-queue-connect').click();
    await expect.poll(() => page.getByTestId('backtest-queue-worker').count(), { timeout: WAIT_MS }).toBe(1);
    expect(await page.getByTestId('backtest-queue-counts').textContent()).toContain('1 worker(s) connected');
    await page.getByTestId('backtest-queue-enabled').check();
    await page.getByTestId('backtest-queue').screenshot({ path: join(outDir, 'backtest-queue-1-workers.png') });

    await page.getByTestId('backtest-optimize-run').click();
    await expect.poll(() => workerLog, { timeout: WAIT_MS }).toMatch(/\(sweep-chunk\) done/);
    await expect.poll(() => page.getByTestId('backtest-optimize-progress').getAttribute('data-phase'), { timeout: WAIT_MS }).toBe('done');
    expect(await page.getByTestId('backtest-optimize-best').textContent()).toBe(localBest);
    await page.screenshot({ path: join(outDir, 'backtest-queue-2-result.png'), fullPage: true });
  }, 240_000);
});
