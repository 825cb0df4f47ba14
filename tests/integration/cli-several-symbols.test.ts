// `backtest`, `optimize`, `walk-forward` and `monte-carlo` take several symbols (repeated --data) on the built CLI,
// and a run with fewer symbols than the strategy's minSymbols is refused with a message that says what to do.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
const files = ['nvda-1999-2014.txt', 'orcl-1995-2014.txt', 'yhoo-1996-2014.txt'].flatMap((f) => ['--data', join(YAHOO_DAILY_DIR, f)]);

describe('several symbols through the research commands', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-several-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backtest trades the whole universe and its orders carry their reasons', () => {
    const out = join(dir, 'bt.json');
    const run = cli('backtest', '--strategy', 'momentum', '--param', 'topN=1', ...files, '--quiet', '--json', out);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { symbols: string[]; orders: Array<{ symbol: string; cause?: string }> };
    expect(result.symbols).toEqual(['NVDA', 'ORCL', 'YHOO']);
    expect(new Set(result.orders.map((o) => o.symbol)).size).toBeGreaterThan(1);
    expect(result.orders.every((o) => typeof o.cause === 'string' && o.cause.length > 0)).toBe(true);
  }, 200_000);

  it.each([
    ['optimize', ['--grid', 'topN=1:2:1'], 'results'],
    ['walk-forward', ['--in-sample', '1000', '--out-of-sample', '500', '--grid', 'topN=1:2:1'], 'windows'],
    ['monte-carlo', ['--runs', '200'], 'finalReturn'],
  ])('%s runs over the three symbols', (command, extra, key) => {
    const out = join(dir, `${command}.json`);
    const run = cli(command, '--strategy', 'momentum', '--param', 'topN=1', ...files, ...extra, '--quiet', '--json', out);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty(key);
  }, 200_000);

  it('backtest --protections: locks refuse entries, the JSON lists the locks and the refusals; a bad field exits 2', () => {
    const out = join(dir, 'protected.json');
    const nvda = ['--data', join(YAHOO_DAILY_DIR, 'nvda-1999-2014.txt')];
    const run = cli('backtest', '--strategy', 'swing', ...nvda, '--protections', '{"cooldown":{"hours":240}}', '--quiet', '--json', out);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { locks: Array<{ protection: string; until: number; from: number }>; decisionCounts: Record<string, number>; orders: Array<{ state: string; reason?: string }> };
    expect(result.locks.length).toBeGreaterThan(0);
    expect(result.locks.every((l) => l.protection === 'cooldown' && l.until - l.from === 240 * 3_600_000)).toBe(true);
    const refused = result.orders.filter((o) => o.state === 'rejected' && o.reason?.startsWith('PROTECTION'));
    expect(refused.length).toBe(result.decisionCounts.PROTECTION);
    const wrong = cli('backtest', '--strategy', 'swing', ...nvda, '--protections', '{"cooldown":{"hour":1}}', '--quiet');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--protections: cooldown');
  }, 200_000);

  it('a pair strategy given one symbol is refused with exit 2 and how many it needs', () => {
    const run = cli('backtest', '--strategy', 'pairs-trading', '--data', join(YAHOO_DAILY_DIR, 'nvda-1999-2014.txt'), '--quiet');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pairs-trading trades at least 2 symbols; this run has 1 \(repeat --data or --symbol\)/);
  });
});
