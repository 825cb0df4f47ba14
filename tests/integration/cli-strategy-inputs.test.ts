// `workstation backtest --weights FILE / --calendar FILE`: the files some strategies take, on the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const data = (...files: string[]) => files.flatMap((f) => ['--data', join(YAHOO_DAILY_DIR, f)]);
const WEIGHTS = join(root, 'tests', 'fixtures', 'strategy-inputs', 'orcl-basket-weights.csv');

describe('workstation backtest with strategy input files', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-inputs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--weights gives etf-basket-arb its holdings file: the golden run of the weights-file case', () => {
    const golden = JSON.parse(readFileSync(join(root, 'tests', 'regression', 'cross-sectional-golden.json'), 'utf8')) as Record<string, { finalValue: number; ordersHash: string }>;
    const out = join(dir, 'basket.json');
    const run = cli('backtest', '--strategy', 'etf-basket-arb', '--weights', WEIGHTS, '--param', 'legs=long-only', ...data('orcl-1995-2014.txt', 'nvda-1999-2014.txt', 'yhoo-1996-2014.txt'), '--cash', '100000', '--json', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { finalValue: number; ordersHash: string };
    const expected = golden['etf-basket-arb weights file legs=long-only (ORCL for the ETF)']!;
    expect({ finalValue: result.finalValue, ordersHash: result.ordersHash }).toEqual({ finalValue: expected.finalValue, ordersHash: expected.ordersHash });
  });

  it('--calendar gives earnings-momentum its dates: orders on the listed events, their reasons say so', () => {
    const calendar = join(dir, 'calendar.csv');
    writeFileSync(calendar, 'symbol,date\nORCL,2003-06-19\nORCL,2003-09-12\nYHOO,2003-07-09\nYHOO,2003-10-08\n');
    const out = join(dir, 'earnings.json');
    const run = cli('backtest', '--strategy', 'earnings-momentum', '--calendar', calendar, '--param', 'entryAbnormal=0', '--param', 'holdBars=20', '--param', 'legs=long-short', '--allow-short', ...data('orcl-2003-2005.txt', 'yhoo-2003-2005.txt'), '--json', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { orders: Array<{ symbol: string; cause?: string }> };
    // Any surprise opens a position (entryAbnormal 0, both sides), held 20 bars: every listed event is traded.
    const opened = result.orders.flatMap((o) => [...(o.cause ?? '').matchAll(/(\w+): event (\S+) \(calendar\)/g)].map((m) => `${m[1]} ${m[2]}`));
    expect(new Set(opened)).toEqual(new Set(['ORCL 2003-06-19', 'ORCL 2003-09-12', 'YHOO 2003-07-09', 'YHOO 2003-10-08']));
  });

  it('refuses a file the strategy does not take, a missing file, and a sweep with a file, with exit 2', () => {
    const wrong = cli('backtest', '--strategy', 'momentum', '--weights', WEIGHTS, ...data('orcl-2014.txt', 'nvda-2014.txt'));
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/momentum takes no holdings weights \(etf-basket-arb does\)/);
    const missing = cli('backtest', '--strategy', 'earnings-momentum', '--calendar', join(dir, 'nope.csv'), ...data('orcl-2014.txt'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv: ENOENT/);
    const sweep = cli('optimize', '--strategy', 'etf-basket-arb', '--weights', WEIGHTS, ...data('orcl-2014.txt', 'nvda-2014.txt'), '--grid', 'zWindow=10:20:5');
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toMatch(/work with backtest and monte-carlo, not optimize yet/);
  });
});
