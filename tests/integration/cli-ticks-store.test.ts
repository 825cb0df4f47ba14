// `workstation ticks import|export|ls|prune` and `backtest --ticks store` on the built CLI, on a real history.sqlite.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { parseTickCsv } from '../../src-main/backtest/ticks/tick-csv.js';
import { startExchange } from '../../src-main/exchange/exchange.js';
import { openHistoryDatabase } from '../../src-main/history/history-db.js';
import { TickStore } from '../../src-main/history/ticks/tick-store.js';
import { ensureBuilt } from '../support/build.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const T0 = Date.UTC(2024, 0, 2, 14, 30);

/** The CLI without blocking this process's loop (the local exchange it talks to runs here). */
function cliAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Ten minutes of quotes every 100 ms on a slow sine (so sma-cross trades), a trade every second. */
function writeTicks(dir: string): void {
  const q = ['t,bid,bidSize,ask,askSize'];
  const tr = ['t,price,size'];
  for (let k = 0; k < 6000; k++) {
    const t = T0 + k * 100;
    const mid = Math.round((100 + 0.5 * Math.sin(k / 300)) * 100) / 100;
    const bid = Math.round((mid - 0.01) * 100) / 100;
    const ask = Math.round((mid + 0.01) * 100) / 100;
    q.push(`${t},${bid},${500 + (k % 9)},${ask},500`);
    if (k % 10 === 5) tr.push(`${t + 50},${bid},200`);
  }
  writeFileSync(join(dir, 'AAA-quotes.csv'), `${q.join('\n')}\n`);
  writeFileSync(join(dir, 'AAA-trades.csv'), `${tr.join('\n')}\n`);
}

interface Out {
  fills: Array<{ side: string; qty: number; price: number; t: number }>;
}

describe('workstation ticks, and backtest --ticks store', () => {
  let dir = '';
  let csv = '';
  let data = '';
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-tickstore-'));
    csv = join(dir, 'csv');
    data = join(dir, 'data');
    mkdirSync(csv);
    writeTicks(csv);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the CSVs once however often, lists them, exports them unchanged and replays them like the files', () => {
    for (let i = 0; i < 2; i++) {
      const run = cli('ticks', 'import', '--dir', csv, '--data-dir', data);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('AAA quotes: 6,000 from');
    }
    const ls = cli('ticks', 'ls', '--data-dir', data, '--json');
    expect(ls.status, ls.stderr).toBe(0);
    const listed = JSON.parse(ls.stdout) as { coverage: Array<{ symbol: string; kind: string; count: number }> };
    expect(listed.coverage.map((c) => [c.symbol, c.kind, c.count])).toEqual([['AAA', 'quotes', 6000], ['AAA', 'trades', 600]]);

    const out = join(dir, 'out');
    const exported = cli('ticks', 'export', '--symbol', 'aaa', '--dir', out, '--data-dir', data);
    expect(exported.status, exported.stderr).toBe(0);
    for (const kind of ['quotes', 'trades']) {
      const a = parseTickCsv(readFileSync(join(csv, `AAA-${kind}.csv`), 'utf8'), kind);
      const b = parseTickCsv(readFileSync(join(out, `AAA-${kind}.csv`), 'utf8'), kind);
      expect(b).toEqual(a);
    }

    const fromFiles = join(dir, 'files.json');
    const fromStore = join(dir, 'store.json');
    const a = cli('backtest', '--strategy', 'sma-cross', '--param', 'fast=2', '--param', 'slow=4', '--ticks', csv, '--latency-ms', '200', '--json', fromFiles);
    expect(a.status, a.stderr).toBe(0);
    const b = cli('backtest', '--strategy', 'sma-cross', '--param', 'fast=2', '--param', 'slow=4', '--ticks', 'store', '--symbol', 'AAA', '--latency-ms', '200', '--data-dir', data, '--json', fromStore);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toContain('AAA: 6,000 quotes and 600 trades from the history store');
    const fillsA = (JSON.parse(readFileSync(fromFiles, 'utf8')) as Out).fills;
    const fillsB = (JSON.parse(readFileSync(fromStore, 'utf8')) as Out).fills;
    expect(fillsA.length).toBeGreaterThan(0);
    expect(fillsB).toEqual(fillsA);

    // A window: the first five minutes only.
    const windowed = cli('backtest', '--strategy', 'sma-cross', '--param', 'fast=2', '--param', 'slow=4', '--ticks', 'store', '--symbol', 'AAA', '--from', new Date(T0).toISOString(), '--to', new Date(T0 + 299_999).toISOString(), '--data-dir', data);
    expect(windowed.status, windowed.stderr).toBe(0);
    expect(windowed.stdout).toContain('AAA: 3,000 quotes and 300 trades from the history store');
  });

  it('prunes by retention, after which the replay says what is missing', () => {
    const keep = cli('ticks', 'prune', '--symbol', 'AAA', '--keep-days', '100000', '--data-dir', data, '--json');
    expect(keep.status, keep.stderr).toBe(0);
    expect(JSON.parse(keep.stdout)).toEqual({ results: [{ symbol: 'AAA', deleted: 0 }] });
    const prune = cli('ticks', 'prune', '--symbol', 'AAA', '--keep-days', '1', '--data-dir', data, '--json');
    expect(prune.status, prune.stderr).toBe(0);
    expect(JSON.parse(prune.stdout)).toEqual({ results: [{ symbol: 'AAA', deleted: 6600 }] });
    const replay = cli('backtest', '--strategy', 'sma-cross', '--ticks', 'store', '--symbol', 'AAA', '--data-dir', data);
    expect(replay.status).not.toBe(0);
    expect(replay.stderr).toContain('no AAA quotes or trades stored');
    const bad = cli('ticks', 'prune', '--symbol', 'AAA', '--keep-days', 'x', '--data-dir', data);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--keep-days N');
  });

  it('backfills a window over HTTP from a running local exchange, then replays it', async () => {
    const ex = await startExchange({ seed: 3, speed: 1, startTime: Date.parse('2024-03-06T15:00:00Z') });
    try {
      const data2 = join(dir, 'data2');
      const env = { WORKSTATION_EXCHANGE_KEY_ID: ex.keys.keyId, WORKSTATION_EXCHANGE_SECRET_KEY: ex.keys.secret };
      const args = ['ticks', 'backfill', '--symbol', 'AAPL', '--from', '2024-03-05T15:00:00Z', '--to', '2024-03-05T15:30:00Z', '--exchange-url', ex.tradingUrl, '--data-dir', data2, '--json'];
      const run = await cliAsync(args, env);
      expect(run.status, run.stderr).toBe(0);
      const { results } = JSON.parse(run.stdout) as { results: Array<{ symbol: string; quotes: number; trades: number }> };
      const from = Date.parse('2024-03-05T15:00:00Z');
      const to = Date.parse('2024-03-05T15:30:00Z');
      expect(results).toEqual([{ symbol: 'AAPL', quotes: ex.market.quotes('AAPL', from, to + 1).length, trades: ex.market.trades('AAPL', from, to + 1).length }]);
      expect(results[0]!.quotes).toBeGreaterThan(1000);
      const store = new TickStore(openHistoryDatabase(join(data2, 'history.sqlite')));
      expect(store.coverage('AAPL').map((c) => [c.kind, c.count])).toEqual([['quotes', results[0]!.quotes], ['trades', results[0]!.trades]]);
      store.db.close();
      const noKeys = await cliAsync(args, { WORKSTATION_EXCHANGE_KEY_ID: '', WORKSTATION_EXCHANGE_SECRET_KEY: '' });
      expect(noKeys.status).not.toBe(0);
      expect(noKeys.stderr).toContain('WORKSTATION_EXCHANGE_KEY_ID');
      const replay = await cliAsync(['backtest', '--strategy', 'sma-cross', '--ticks', 'store', '--symbol', 'AAPL', '--data-dir', data2], {});
      expect(replay.status, replay.stderr).toBe(0);
      expect(replay.stdout).toContain(`AAPL: ${results[0]!.quotes.toLocaleString('en-US')} quotes and ${results[0]!.trades.toLocaleString('en-US')} trades from the history store`);
    } finally {
      await ex.close();
    }
  });
});
