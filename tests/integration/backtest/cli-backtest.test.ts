import BetterSqlite3 from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { ensureBuilt } from '../../support/build.js';

const root = join(__dirname, '..', '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/main/cli.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const file = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

describe('backtest command line', () => {
  let dir: string;
  beforeAll(() => {
    // The test command builds everything first; rebuilding here replaced the CLI's chunk files under other
    // tests that were running the CLI at the same time ("Cannot find module dist/main/cli-chunk-*.mjs").
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'bt-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs sma-cross on a real file and writes the JSON and a self-contained HTML report', () => {
    const json = join(dir, 'out.json');
    const html = join(dir, 'out.html');
    const run = cli('backtest', '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--param', 'size=100', '--data', file, '--cash', '100000', '--json', json, '--report', html);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown> & { fills: unknown[]; metrics: Record<string, unknown> };
    const golden = (JSON.parse(readFileSync(join(root, 'tests/regression/sma-cross-golden.json'), 'utf8')) as Record<string, { bars: number; closedTrades: number; finalValue: number }>)['orcl-1995-2014.txt']!;
    expect(out.bars).toBe(golden.bars);
    expect(out.closedTrades).toBe(golden.closedTrades);
    expect(out.finalValue).toBe(golden.finalValue);
    expect(Math.round((out.finalValue as number) * 100) / 100).toBe(out.finalValue);
    expect(out.fills.length).toBe(golden.closedTrades * 2 + (Object.keys(out.positions as object).length > 0 ? 1 : 0));
    for (const k of ['sharpe', 'sortino', 'calmar', 'maxDrawdown', 'cagr', 'winRate', 'profitFactor', 'expectancy', 'exposure', 'turnover']) expect(out.metrics).toHaveProperty(k);
    const report = readFileSync(html, 'utf8');
    expect(report).toContain('<svg');
    expect(report).toContain('Monthly returns');
    expect(report).toContain('Trades (');
    expect(report).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(report).not.toMatch(/https?:\/\//);
  });

  it('honours --from/--to', () => {
    const json = join(dir, 'range.json');
    const run = cli('backtest', '--strategy', 'sma-cross', '--data', file, '--from', '2003-01-01', '--to', '2004-12-31', '--json', json, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as { bars: number; from: number; to: number };
    expect(new Date(out.from).toISOString().slice(0, 10)).toBe('2003-01-02');
    expect(new Date(out.to).toISOString().slice(0, 10)).toBe('2004-12-31');
    expect(out.bars).toBe(504);
  });

  it.each([
    ['a malformed row', 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.5,100\n2020-01-03,1,abc,0.5,1.5,1.5,100\n', /bad\.csv:3: High "abc" is not a number/],
    ['a header without a time column', 'when,o,h,l,c\n', /bad\.csv:1: no time column in the header \(when, o, h, l, c\); name it with --map time=Column/],
  ])('refuses %s with the file, line and reason and a non-zero exit', (_what, text, message) => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, text);
    const run = cli('backtest', '--strategy', 'sma-cross', '--data', bad);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });

  it('backtests a generic CSV without --map (the same figures as the Yahoo file), and --map names other headers', () => {
    const generic = join(dir, 'orcl-generic.csv');
    const rows = parseYahooCsv(readFileSync(file, 'utf8'), file);
    writeFileSync(generic, `datetime,open,high,low,close,volume\n${rows.map((r) => `${r.date} 00:00:00,${r.o},${r.h},${r.l},${r.c},${r.v}`).join('\n')}\n`);
    const yahoo = join(dir, 'yahoo.json');
    const plain = join(dir, 'generic.json');
    expect(cli('backtest', '--strategy', 'sma-cross', '--data', file, '--json', yahoo, '--quiet').status).toBe(0);
    const run = cli('backtest', '--strategy', 'sma-cross', '--data', generic, '--json', plain);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`ORCL: 5,036 1Day bars (timeframe inferred from the spacing) from ${generic}; times without a zone read as UTC`);
    const a = JSON.parse(readFileSync(yahoo, 'utf8')) as { ordersHash: string; finalValue: number };
    expect(JSON.parse(readFileSync(plain, 'utf8'))).toMatchObject({ ordersHash: a.ordersHash, finalValue: a.finalValue });
    const mapped = join(dir, 'orcl-mapped.csv');
    writeFileSync(mapped, readFileSync(generic, 'utf8').replace('datetime,open,high,low,close,volume', 'when,first,top,bottom,last,qty'));
    const m = cli('backtest', '--strategy', 'sma-cross', '--data', mapped, '--map', 'time=when,open=first,high=top,low=bottom,close=last,volume=qty', '--json', plain, '--quiet');
    expect(m.status, m.stderr).toBe(0);
    expect((JSON.parse(readFileSync(plain, 'utf8')) as { ordersHash: string }).ordersHash).toBe(a.ordersHash);
  });

  it('refuses unknown strategies, unknown or out-of-range parameters', () => {
    expect(cli('backtest', '--strategy', 'nope', '--data', file).stderr).toMatch(/unknown strategy "nope"/);
    expect(cli('backtest', '--strategy', 'sma-cross', '--param', 'fats=3', '--data', file).stderr).toMatch(/unknown parameter "fats"/);
    const r = cli('backtest', '--strategy', 'sma-cross', '--param', 'fast=40', '--data', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fast must be shorter than slow/);
  });

  it('optimize gives the same results on 1 and 2 workers, with a heatmap; monte-carlo and walk-forward run', () => {
    const args = ['optimize', '--strategy', 'sma-cross', '--data', file, '--grid', 'fast=4:20:4', '--grid', 'slow=20:60:10', '--heatmap', 'fast,slow', '--quiet'];
    const one = join(dir, 'opt1.json');
    const two = join(dir, 'opt2.json');
    expect(cli(...args, '--workers', '1', '--json', one).status).toBe(0);
    expect(cli(...args, '--workers', '2', '--json', two).status).toBe(0);
    const a = JSON.parse(readFileSync(one, 'utf8')) as { results: unknown[]; best: unknown; heatmap: { cells: unknown[][] } };
    const b = JSON.parse(readFileSync(two, 'utf8')) as typeof a;
    // 5 x 5 less fast=20/slow=20, which the schema refuses (fast must be shorter than slow).
    expect(a.results).toHaveLength(24);
    expect(b.results).toEqual(a.results);
    expect(b.best).toEqual(a.best);
    expect(a.heatmap.cells).toHaveLength(5);
    const mc = join(dir, 'mc.json');
    expect(cli('monte-carlo', '--strategy', 'sma-cross', '--data', file, '--runs', '1000', '--json', mc, '--quiet').status).toBe(0);
    expect((JSON.parse(readFileSync(mc, 'utf8')) as { runs: number }).runs).toBe(1000);
    const wf = join(dir, 'wf.json');
    const w = cli('walk-forward', '--strategy', 'sma-cross', '--data', file, '--grid', 'fast=5:15:5', '--grid', 'slow=20:40:10', '--in-sample', '1000', '--out-of-sample', '500', '--workers', '2', '--json', wf, '--equity', '--quiet');
    expect(w.status, w.stderr).toBe(0);
    const wfr = JSON.parse(readFileSync(wf, 'utf8')) as { windows: unknown[]; equity: unknown[] };
    expect(wfr.windows).toHaveLength(9);
    expect(wfr.equity).toHaveLength(5036 - 1000);
  });

  it('--symbol reads bars imported into the history store, and --save stores the run in the data folder database', () => {
    const dataDir = join(dir, 'data');
    const imported = cli('import', '--file', file, '--symbol', 'ORCL', '--data-dir', dataDir);
    expect(imported.status, imported.stderr).toBe(0);
    const json = join(dir, 'symbol.json');
    const run = cli('backtest', '--strategy', 'sma-cross', '--symbol', 'ORCL', '--data-dir', dataDir, '--json', json, '--save');
    expect(run.status, run.stderr).toBe(0);
    const id = Number(/saved as run (\d+)/.exec(run.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as { symbols: string[]; bars: number; finalValue: number; ordersHash: string };
    // The same bars as the file, so the same orders and numbers as a run on the file itself.
    const direct = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'ORCL', parseYahooCsv(readFileSync(file, 'utf8'), file), { account: { cash: 100_000 } });
    const golden = { bars: direct.bars, finalValue: direct.finalValue, ordersHash: direct.ordersHash };
    expect(out).toMatchObject({ symbols: ['ORCL'], bars: golden.bars, finalValue: golden.finalValue, ordersHash: golden.ordersHash });
    const db = new BetterSqlite3(join(dataDir, 'workstation.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT strategy, symbols, bars, final_value, orders_hash FROM backtest_runs WHERE id = ?').get(id);
      expect(row).toEqual({ strategy: 'sma-cross', symbols: '["ORCL"]', bars: golden.bars, final_value: golden.finalValue, orders_hash: golden.ordersHash });
      expect(db.prepare('SELECT COUNT(*) FROM backtest_trades WHERE run_id = ?').pluck(true).get(id)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    const missing = cli('backtest', '--strategy', 'sma-cross', '--symbol', 'NOPE', '--data-dir', dataDir);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no 1Day bars stored for NOPE/);
  });
});
