// `--symbol demo:…` on the built CLI: a universe expands to those of its members the history store holds, in the
// universe's order; members without bars are named on stderr; an unknown universe, one with nothing stored, or a
// universe beside --data files is refused with exit 2 or 1 and a message that says what to do.
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

describe('--symbol takes the app universes', () => {
  let dir = '';
  let dataDir = '';
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-universe-'));
    dataDir = join(dir, 'data');
    // Three of demo:technology's seven members (AAPL, MSFT, NVDA, AVGO, ORCL, CRM, ADBE) get stored bars; the file
    // names do not matter, the symbol given at import does.
    for (const [file, symbol] of [['nvda-1999-2014.txt', 'NVDA'], ['orcl-1995-2014.txt', 'ORCL'], ['yhoo-1996-2014.txt', 'MSFT']] as const) {
      const run = cli('import', '--file', join(YAHOO_DAILY_DIR, file), '--symbol', symbol, '--data-dir', dataDir);
      expect(run.status, run.stderr).toBe(0);
    }
  }, 200_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backtest: demo:technology runs on its stored members in the universe order and names the ones left out', () => {
    const out = join(dir, 'bt.json');
    const run = cli('backtest', '--strategy', 'momentum', '--param', 'topN=1', '--symbol', 'demo:technology', '--data-dir', dataDir, '--json', out);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { symbols: string[]; orders: Array<{ symbol: string }> };
    expect(result.symbols).toEqual(['MSFT', 'NVDA', 'ORCL']);
    expect(result.orders.length).toBeGreaterThan(0);
    expect(run.stderr).toContain('demo:technology: 3 of 7 members have stored 1Day bars; left out: AAPL, AVGO, CRM, ADBE');
  }, 200_000);

  it('a universe mixes with tickers, each symbol once, and the id matches in any case', () => {
    const out = join(dir, 'mixed.json');
    const run = cli('backtest', '--strategy', 'momentum', '--param', 'topN=1', '--symbol', 'orcl', '--symbol', 'DEMO:Technology', '--data-dir', dataDir, '--json', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { symbols: string[] }).symbols).toEqual(['ORCL', 'MSFT', 'NVDA']);
    expect(run.stderr).toBe('');
  }, 200_000);

  it.each([
    ['optimize', ['--grid', 'topN=1:2:1'], 'results'],
    ['walk-forward', ['--in-sample', '1000', '--out-of-sample', '500', '--grid', 'topN=1:2:1'], 'windows'],
  ])('%s on demo (the whole demo market) equals the run on its stored members named one by one', (command, extra, key) => {
    const run = (name: string, symbols: string[]) => {
      const out = join(dir, `${command}-${name}.json`);
      const done = cli(command, '--strategy', 'momentum', '--param', 'topN=1', ...symbols.flatMap((s) => ['--symbol', s]), '--data-dir', dataDir, ...extra, '--quiet', '--json', out);
      expect(done.status, done.stderr).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    };
    const universe = run('demo', ['demo']);
    expect(universe).toHaveProperty(key);
    expect(universe[key]).toEqual(run('named', ['MSFT', 'NVDA', 'ORCL'])[key]);
    expect(universe[key]).not.toEqual(run('two', ['MSFT', 'NVDA'])[key]);
  }, 200_000);

  it('scan reads a universe as it reads the same members named one by one', () => {
    const run = cli('scan', '--symbol', 'demo:XLK', '--strategies', 'sma-cross', '--data-dir', dataDir, '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('demo:XLK: 3 of 8 members have stored 1Day bars; left out: XLK, AAPL, AVGO, CRM, ADBE');
    const named = cli('scan', '--symbol', 'MSFT', '--symbol', 'NVDA', '--symbol', 'ORCL', '--strategies', 'sma-cross', '--data-dir', dataDir, '--json');
    expect(named.status, named.stderr).toBe(0);
    const one = cli('scan', '--symbol', 'ORCL', '--strategies', 'sma-cross', '--data-dir', dataDir, '--json');
    const samples = (out: string) => (JSON.parse(out) as { calibration: Array<{ samples: number }> }).calibration[0]!.samples;
    expect(samples(run.stdout)).toBe(samples(named.stdout));
    expect(samples(run.stdout)).toBeGreaterThan(samples(one.stdout));
  }, 200_000);

  it('an unknown universe exits 2 and lists the known ones', () => {
    const run = cli('backtest', '--strategy', 'momentum', '--symbol', 'demo:nope', '--data-dir', dataDir, '--quiet');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--symbol demo:nope: no such universe; known universes: demo, demo:stocks, demo:sector-etfs, demo:pairs, demo:XLK');
  });

  it('a universe with nothing stored says what to import; beside --data files it is refused', () => {
    const none = cli('backtest', '--strategy', 'sector-rotation', '--symbol', 'demo:sector-etfs', '--data-dir', dataDir, '--quiet');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('--symbol demo:sector-etfs: none of its 12 members has 1Day bars in the history store');
    expect(none.stderr).toContain('workstation import');
    const files = cli('backtest', '--strategy', 'momentum', '--data', join(YAHOO_DAILY_DIR, 'nvda-1999-2014.txt'), '--symbol', 'demo', '--quiet');
    expect(files.status).toBe(2);
    expect(files.stderr).toContain('cannot be combined with --data files');
  });
});
