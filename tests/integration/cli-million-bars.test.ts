import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../src-shared/domain/bar.js';
import { backtestBars } from '../../src-main/backtest/backtest.js';
import { smaCross } from '../../src-main/strategies/sma-cross.js';
import { ensureBuilt } from '../support/build.js';

/**
 * The research commands through the built CLI over a million one-minute bars, with --json and --report: a run of
 * this size once finished its work and then died in the report ("Maximum call stack size exceeded") because the
 * chart spread every equity value into Math.min. The figures are checked against the engine run in this process
 * on the same bars (made here, not read back through the CSV parser).
 */

const root = join(__dirname, '..', '..');
const BARS = 1_000_000;
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/main/cli.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });

/** A seeded random walk; prices written with 4 decimals, so the text reads back to exactly these numbers. */
function series(): { text: string; bars: Bar[] } {
  let seed = 20_240_102;
  const random = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const bars: Bar[] = new Array<Bar>(BARS);
  const lines: string[] = new Array<string>(BARS + 1);
  lines[0] = 'Timestamp,Open,High,Low,Close,Volume';
  let price = 100;
  const start = Date.UTC(2001, 0, 2);
  for (let i = 0; i < BARS; i++) {
    const t = start + i * 60_000;
    const c = Math.max(1, price * (1 + (random() - 0.5) * 0.004));
    const [o, h, l, cs] = [price, Math.max(price, c) * (1 + random() * 0.001), Math.min(price, c) * (1 - random() * 0.001), c].map((x) => x.toFixed(4));
    const v = Math.floor(random() * 10_000);
    // Zoneless timestamps: read as UTC (the default --tz).
    lines[i + 1] = `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${o},${h},${l},${cs},${v}`;
    bars[i] = { t, o: Number(o), h: Number(h), l: Number(l), c: Number(cs), v };
    price = Number(cs);
  }
  return { text: `${lines.join('\n')}\n`, bars };
}

describe('a million bars through the built CLI', () => {
  let dir: string;
  let file: string;
  let expected: ReturnType<typeof backtestBars>;
  const params = { fast: 10, slow: 30, size: 100 };
  beforeAll(() => {
    ensureBuilt('main'); // never rebuilt under running tests: a rebuild swaps the CLI's chunk files
    ensureBuilt('backtest-worker');
    dir = mkdtempSync(join(tmpdir(), 'million-'));
    file = join(dir, 'ser-1min.csv');
    const { text, bars } = series();
    writeFileSync(file, text);
    expected = backtestBars(smaCross, params, 'SER', bars);
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const out = (name: string) => join(dir, name);
  const json = <T>(name: string): T => JSON.parse(readFileSync(out(name), 'utf8')) as T;
  const report = (name: string): string => readFileSync(out(name), 'utf8');

  it('backtest writes the JSON and the report and exits 0', () => {
    const run = cli('backtest', '--strategy', 'sma-cross', '--data', file, '--json', out('bt.json'), '--report', out('bt.html'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('SER: 1,000,000 1Min bars (timeframe inferred from the spacing)');
    expect(run.stdout).toContain('times without a zone read as UTC');
    const result = json<{ bars: number; closedTrades: number; finalValue: number; ordersHash: string; equityPoints: number; equity?: unknown }>('bt.json');
    expect(expected.closedTrades).toBeGreaterThan(1000);
    expect(result).toMatchObject({ bars: BARS, closedTrades: expected.closedTrades, finalValue: Math.round(expected.finalValue * 100) / 100, ordersHash: expected.ordersHash, equityPoints: BARS });
    // Per-bar equity only when asked.
    expect(result.equity).toBeUndefined();
    const html = report('bt.html');
    expect(html).toContain('<svg');
    expect(html).toContain(`Trades (${expected.closedTrades})`);
  }, 240_000);

  it('optimize (a tiny grid), walk-forward and monte-carlo write their JSON and reports and exit 0', () => {
    const opt = cli('optimize', '--strategy', 'sma-cross', '--data', file, '--grid', 'fast=10:20:10', '--grid', 'slow=30:30:1', '--workers', '1', '--json', out('opt.json'), '--report', out('opt.html'), '--quiet');
    expect(opt.status, opt.stderr).toBe(0);
    const sweep = json<{ results: Array<{ params: Record<string, number>; finalValue: number; metrics: { closedTrades: number } }> }>('opt.json');
    expect(sweep.results).toHaveLength(2);
    const same = sweep.results.find((r) => r.params.fast === 10 && r.params.slow === 30)!;
    expect(same.finalValue).toBeCloseTo(expected.finalValue, 6);
    expect(same.metrics.closedTrades).toBe(expected.closedTrades);
    expect(report('opt.html')).toContain('2 of 2 combinations evaluated');

    const wf = cli('walk-forward', '--strategy', 'sma-cross', '--data', file, '--grid', 'fast=10:20:10', '--grid', 'slow=30:30:1', '--in-sample', '400000', '--out-of-sample', '300000', '--workers', '1', '--json', out('wf.json'), '--report', out('wf.html'), '--quiet');
    expect(wf.status, wf.stderr).toBe(0);
    const walk = json<{ windows: unknown[]; equityPoints: number }>('wf.json');
    expect(walk.windows).toHaveLength(2);
    expect(walk.equityPoints).toBe(600_000);
    expect(report('wf.html')).toContain('<svg');

    const mc = cli('monte-carlo', '--strategy', 'sma-cross', '--data', file, '--runs', '200', '--json', out('mc.json'), '--report', out('mc.html'), '--quiet');
    expect(mc.status, mc.stderr).toBe(0);
    const carlo = json<{ runs: number; trades: number; backtestFinalValue: number }>('mc.json');
    expect(carlo).toMatchObject({ runs: 200, trades: expected.closedTrades });
    expect(carlo.backtestFinalValue).toBeCloseTo(expected.finalValue, 6);
    expect(report('mc.html')).toContain('200 bootstrap runs');
  }, 480_000);
});
