import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { parseOhlcvCsv } from '../../../src-main/history/csv/ohlcv.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { HistoryStore } from '../../../src-main/history/store.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, packageJson.bin.workstation);

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

/** Every row of the bars table, keys and source included: "nothing changed" means this is identical. */
function dump(dataDir: string): unknown[] {
  const db = new BetterSqlite3(join(dataDir, 'history.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM bars ORDER BY series_id, t').raw(true).all();
  } finally {
    db.close();
  }
}

function readStore<T>(dataDir: string, read: (store: HistoryStore) => T): T {
  const store = HistoryStore.open(join(dataDir, 'history.sqlite'), { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

describe('import and export commands', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-history-'));
    dirs.push(dir);
    return dir;
  };
  const nvdaFile = join(YAHOO_DAILY_DIR, 'nvda-1999-2014.txt');
  const nvdaText = readFileSync(nvdaFile, 'utf8');
  const nvdaRows = parseYahooCsv(nvdaText, 'nvda');

  beforeAll(() => ensureBuilt('main'));
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('imports a Yahoo file; importing it again changes nothing and says so', () => {
    const dataDir = tempDir();
    const first = cli('import', '--file', nvdaFile, '--symbol', 'NVDA', '--data-dir', dataDir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`NVDA 1Day from ${nvdaFile} (yahoo): 4,012 rows: 4,012 new / 0 updated / 0 unchanged`);
    expect(first.stdout).toContain(`history: ${join(dataDir, 'history.sqlite')} holds 4,012 bars of NVDA 1Day`);
    // Not a terminal: no progress bar drawn into the output.
    expect(first.stdout).not.toContain('\r');
    expect(readStore(dataDir, (s) => s.readBars('NVDA', '1Day'))).toEqual(nvdaRows.map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v })));
    const before = dump(dataDir);

    const again = cli('import', '--file', nvdaFile, '--symbol', 'nvda', '--data-dir', dataDir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('4,012 rows: 0 new / 0 updated / 4,012 unchanged');
    const after = dump(dataDir);
    expect(after.length).toBe(4012);
    expect(after).toEqual(before);
  });

  it('refuses a file whose last line is bad, with file, line and reason, and writes nothing', () => {
    const dataDir = tempDir();
    expect(cli('import', '--file', join(YAHOO_DAILY_DIR, 'nvda-2014.txt'), '--symbol', 'NVDA', '--data-dir', dataDir).status).toBe(0);
    const before = dump(dataDir);
    const bad = join(tempDir(), 'orcl-bad.csv');
    const orcl = readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8').trimEnd().split('\n');
    // 5,036 good rows, then a last row with a date that does not exist.
    writeFileSync(bad, [...orcl.slice(0, -1), orcl.at(-1)!.replace(/^\d{4}-\d{2}-\d{2}/, '2014-02-30')].join('\n') + '\n');
    for (const symbol of ['ORCL', 'NVDA']) {
      const run = cli('import', '--file', bad, '--symbol', symbol, '--data-dir', dataDir);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`refused ${bad} at line ${orcl.length}: date "2014-02-30" is not a valid YYYY-MM-DD date; nothing was imported [BAD_REQUEST]`);
    }
    expect(dump(dataDir)).toEqual(before);
    expect(readStore(dataDir, (s) => s.count('ORCL', '1Day'))).toBe(0);
  });

  it('imports generic OHLCV with a column mapping and epoch times, and exports it back', () => {
    const dataDir = tempDir();
    const file = join(tempDir(), 'spy-minutes.csv');
    const start = Date.UTC(2024, 2, 5, 14, 30) / 1000;
    // The time column is named by --map and holds epoch seconds.
    const lines = ['Stamp,Px Open,Px High,Px Low,Px Last,Shares'];
    for (let i = 0; i < 390; i++) {
      lines.push(`${start + i * 60},${(100 + i / 100).toFixed(2)},${(100.5 + i / 100).toFixed(2)},${(99.5 + i / 100).toFixed(2)},${(100.25 + i / 100).toFixed(2)},${1000 + i}`);
    }
    const text = lines.join('\n');
    writeFileSync(file, `${text}\n`);
    const map = 'time=Stamp,open=Px Open,high=Px High,low=Px Low,close=Px Last,volume=Shares';
    const run = cli('import', '--file', file, '--symbol', 'SPY', '--timeframe', '1Min', '--map', map, '--data-dir', dataDir, '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ symbol: 'SPY', timeframe: '1Min', format: 'ohlcv', written: 390, inserted: 390, unchanged: 0, stored: 390 });
    const expected = parseOhlcvCsv(readFileSync(file, 'utf8'), file, { time: 'Stamp', open: 'Px Open', high: 'Px High', low: 'Px Low', close: 'Px Last', volume: 'Shares' });
    expect(expected[0]!.t).toBe(Date.UTC(2024, 2, 5, 14, 30));
    expect(readStore(dataDir, (s) => s.readBars('SPY', '1Min'))).toEqual(expected);
    expect(readStore(dataDir, (s) => s.gaps('SPY', '1Min', { from: Date.UTC(2024, 2, 5), to: Date.UTC(2024, 2, 6) }))).toEqual([]);

    const out = join(tempDir(), 'spy-out.csv');
    const exported = cli('export', '--symbol', 'SPY', '--timeframe', '1Min', '--file', out, '--data-dir', dataDir);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`exported 390 bars of SPY 1Min to ${out} (ohlcv)`);
    expect(readFileSync(out, 'utf8').split('\n')[1]).toBe('2024-03-05T14:30:00.000Z,100,100.5,99.5,100.25,1000');
    expect(parseOhlcvCsv(readFileSync(out, 'utf8'), out)).toEqual(expected);
    // A range, on stdout.
    const range = cli('export', '--symbol', 'SPY', '--timeframe', '1Min', '--from', '2024-03-05T20:58:00Z', '--data-dir', dataDir);
    expect(range.stdout).toBe('time,open,high,low,close,volume\n2024-03-05T20:58:00.000Z,103.88,104.38,103.38,104.13,1388\n2024-03-05T20:59:00.000Z,103.89,104.39,103.39,104.14,1389\n');
  });

  it('imports a generic CSV without --map: zoneless times in --tz (DST-correct), the timeframe from the spacing', () => {
    const dataDir = tempDir();
    const file = join(tempDir(), 'aapl-5min.csv');
    // New York wall times, 5-minute bars, either side of the March DST change; columns in another order and case.
    const rows = ['2024-03-08 09:30:00', '2024-03-08 09:35:00', '2024-03-08 09:40:00', '2024-03-11 09:30:00', '2024-03-11 09:35:00'];
    writeFileSync(file, `VOLUME,DateTime,Close,Open,High,Low\n${rows.map((t, i) => `${100 + i},${t},10.5,10,11,9.5`).join('\n')}\n`);
    const run = cli('import', '--file', file, '--symbol', 'AAPL', '--tz', 'America/New_York', '--data-dir', dataDir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`AAPL 5Min from ${file} (ohlcv): 5 rows: 5 new / 0 updated / 0 unchanged`);
    expect(run.stdout).toContain('timeframe 5Min inferred from the spacing of the rows');
    expect(run.stdout).toContain('times without a zone were read as America/New_York');
    const times = readStore(dataDir, (s) => s.readBars('AAPL', '5Min')).map((b) => b.t);
    // EST (-05:00) on the 8th, EDT (-04:00) on the 11th.
    expect(times).toEqual([Date.UTC(2024, 2, 8, 14, 30), Date.UTC(2024, 2, 8, 14, 35), Date.UTC(2024, 2, 8, 14, 40), Date.UTC(2024, 2, 11, 13, 30), Date.UTC(2024, 2, 11, 13, 35)]);
    // Without --tz: UTC, and the summary says so.
    const utc = cli('import', '--file', file, '--symbol', 'AAPLU', '--data-dir', dataDir);
    expect(utc.stdout).toContain('times without a zone were read as UTC (pass --tz to say otherwise)');
    // A malformed row: refused with file, line and reason, nothing written.
    const bad = join(tempDir(), 'bad.csv');
    writeFileSync(bad, `datetime,open,high,low,close\n2024-03-08 09:30:00,10,11,9.5,10.5\n2024-03-08 09:35:00,10,11,9.5,x\n`);
    const refused = cli('import', '--file', bad, '--symbol', 'BAD', '--data-dir', dataDir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`refused ${bad} at line 3: close "x" is not a number; nothing was imported`);
    expect(readStore(dataDir, (s) => s.count('BAD', '5Min'))).toBe(0);
    expect(cli('import', '--file', file, '--symbol', 'X', '--tz', 'Nowhere/Else', '--data-dir', dataDir).stderr).toContain('--tz "Nowhere/Else" is not a time zone');
  });

  it('exports imported Yahoo bars as the same Yahoo text', () => {
    const dataDir = tempDir();
    expect(cli('import', '--file', nvdaFile, '--symbol', 'NVDA', '--data-dir', dataDir).status).toBe(0);
    const run = cli('export', '--symbol', 'NVDA', '--data-dir', dataDir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(nvdaText);
    const year = cli('export', '--symbol', 'NVDA', '--from', '2014-01-01', '--to', '2014-12-31', '--data-dir', dataDir);
    expect(year.stdout).toBe(readFileSync(join(YAHOO_DAILY_DIR, 'nvda-2014.txt'), 'utf8'));
  });

  it('draws a progress bar when stdout is a terminal', () => {
    if (!existsSync('/usr/bin/script')) {
      console.warn('skipped: util-linux `script` (a pseudo-terminal) is not installed');
      return;
    }
    const dataDir = tempDir();
    const command = [process.execPath, bin, 'import', '--file', nvdaFile, '--symbol', 'NVDA', '--data-dir', dataDir].map((a) => `'${a}'`).join(' ');
    const run = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\rimporting nvda-1999-2014\.txt \[#{30}\] 100% 4,012\/4,012/);
    expect(run.stdout).toContain('4,012 new / 0 updated / 0 unchanged');
  });

  it('refuses bad arguments with a message and exit code 2', () => {
    const dataDir = tempDir();
    const missing = cli('import', '--symbol', 'NVDA', '--data-dir', dataDir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--file is required');
    const format = cli('import', '--file', nvdaFile, '--symbol', 'NVDA', '--format', 'xls', '--data-dir', dataDir);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('--format must be yahoo or ohlcv');
    const noFile = cli('import', '--file', join(dataDir, 'nope.csv'), '--symbol', 'NVDA', '--data-dir', dataDir);
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toContain('nope.csv: no such file [NOT_FOUND]');
    const nothing = cli('export', '--symbol', 'NVDA', '--data-dir', join(dataDir, 'empty'));
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain('no history to export');
    const help = cli('import', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--map');
    expect(cli('--help').stdout).toContain('import');
  });
});
