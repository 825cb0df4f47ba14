import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { parseCsvColumns } from '../../../src-main/history/csv/parse-columns.js';
import { HistoryStore } from '../../../src-main/history/store.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import type { ChildProcess } from 'node:child_process';
import { S3RVER_CREDENTIALS, startS3ServerProcess } from '../../support/s3-server.js';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, packageJson.bin.workstation);
const NVDA = join(YAHOO_DAILY_DIR, 'nvda-1999-2014.txt');
const ORCL = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env } });
}

/** Every file under a folder with its bytes: "nothing written" means this is identical. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path] = readFileSync(path).toString('base64');
    }
  }
  return out;
}

describe('workstation catalog and --catalog', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-catalog-'));
    dirs.push(dir);
    return dir;
  };
  // In a child process: the CLI runs under spawnSync, which blocks this process's event loop.
  let s3: { endpoint: string; child: ChildProcess };
  beforeAll(async () => {
    ensureBuilt('main');
    s3 = await startS3ServerProcess(tempDir(), ['research']);
  });
  afterAll(() => {
    s3?.child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('--compression snappy writes smaller files, compact converts them back, and the bars stay the same', () => {
    const catalog = join(tempDir(), 'catalog');
    const bytes = (): number => Object.values(snapshot(catalog)).reduce((n, b) => n + Buffer.from(b, 'base64').length, 0);
    const imported = cli(['catalog', 'import', '--catalog', catalog, '--file', ORCL, '--compression', 'snappy']);
    expect(imported.status, imported.stderr).toBe(0);
    const snappy = bytes();
    const exportTo = (file: string) => cli(['catalog', 'export', '--catalog', catalog, '--symbol', 'ORCL', '--file', file]);
    const before = join(tempDir(), 'before.csv');
    expect(exportTo(before).status).toBe(0);
    const compacted = cli(['catalog', 'compact', '--catalog', catalog, '--json']);
    expect(compacted.status, compacted.stderr).toBe(0);
    expect(JSON.parse(compacted.stdout).filesRewritten).toBeGreaterThan(0);
    expect(bytes()).toBeGreaterThan(snappy * 1.3);
    const after = join(tempDir(), 'after.csv');
    expect(exportTo(after).status).toBe(0);
    expect(readFileSync(after, 'utf8')).toBe(readFileSync(before, 'utf8'));
    const refused = cli(['catalog', 'compact', '--catalog', catalog, '--compression', 'zstd']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/--compression must be one of none, snappy/);
  });

  it('imports CSV files idempotently, lists them, and exports the same bars to the last digit', () => {
    const catalog = join(tempDir(), 'catalog');
    const first = cli(['catalog', 'import', '--catalog', catalog, '--file', NVDA, '--file', ORCL, '--json']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const results = JSON.parse(first.stdout).results as Array<{ symbol: string; filesWritten: number; inserted: number }>;
    expect(results.map((r) => r.symbol)).toEqual(['NVDA', 'ORCL']);
    expect(results.every((r) => r.filesWritten > 0 && r.inserted > 0)).toBe(true);
    const before = snapshot(catalog);
    const again = cli(['catalog', 'import', '--catalog', catalog, '--file', NVDA, '--file', ORCL]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('0 files written');
    expect(snapshot(catalog)).toEqual(before);

    const ls = JSON.parse(cli(['catalog', 'ls', '--catalog', catalog, '--json']).stdout) as { series: Array<{ symbol: string; timeframe: string; partitions: string[] }> };
    expect(ls.series.map((s) => `${s.timeframe} ${s.symbol} ${s.partitions.join(',')}`)).toEqual(['1Day NVDA 1990s,2000s,2010s', '1Day ORCL 1990s,2000s,2010s']);

    const out = join(tempDir(), 'nvda.csv');
    const exported = cli(['catalog', 'export', '--catalog', catalog, '--symbol', 'NVDA', '--file', out]);
    expect(exported.status).toBe(0);
    const original = parseCsvColumns(readFileSync(NVDA), NVDA).columns;
    const back = parseCsvColumns(readFileSync(out), out).columns;
    for (const f of ['t', 'o', 'h', 'l', 'c', 'v'] as const) expect(Array.from(back[f])).toEqual(Array.from(original[f]));
  });

  it('copies the history store into the catalog and back into another store, bar for bar', () => {
    const source = tempDir();
    const catalog = join(tempDir(), 'catalog');
    const target = tempDir();
    expect(cli(['import', '--file', NVDA, '--symbol', 'NVDA', '--data-dir', source]).status).toBe(0);
    const imported = cli(['catalog', 'import', '--catalog', catalog, '--from-history', '--data-dir', source, '--json']);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout).results).toMatchObject([{ symbol: 'NVDA', timeframe: '1Day', inserted: 4012 }]);
    const back = cli(['catalog', 'export', '--catalog', catalog, '--symbol', 'NVDA', '--to-history', '--data-dir', target]);
    expect(back.status).toBe(0);
    expect(back.stdout).toContain('4012 new');
    const read = (dir: string) => {
      const store = HistoryStore.open(join(dir, 'history.sqlite'), { readonly: true });
      try {
        return store.readBars('NVDA', '1Day');
      } finally {
        store.close();
      }
    };
    expect(read(target)).toEqual(read(source));
  });

  it('refuses a malformed file with its line and writes nothing, even for the good file before it', () => {
    const dir = tempDir();
    const catalog = join(dir, 'catalog');
    const lines = readFileSync(ORCL, 'utf8').split('\n');
    lines[200] = '2001-03-05,12.5,oops,12.1,12.3,12.3,1000';
    const bad = join(dir, 'orcl-bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const run = cli(['catalog', 'import', '--catalog', catalog, '--file', NVDA, '--file', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/orcl-bad\.csv.*line 201.*nothing was written/);
    expect(snapshot(catalog)).toEqual({});
  });

  it('backtest, optimize and walk-forward read --catalog (folder and S3) to the same result as the CSV file', () => {
    const catalog = join(tempDir(), 'catalog');
    expect(cli(['catalog', 'import', '--catalog', catalog, '--file', NVDA]).status).toBe(0);
    const env = { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey };
    const s3Args = ['--catalog', 's3://research/bars-v1', '--s3-endpoint', s3.endpoint];
    expect(cli(['catalog', 'import', ...s3Args, '--file', NVDA], env).status).toBe(0);
    const out = tempDir();
    const common = ['--strategy', 'sma-cross', '--from', '2005-01-01', '--to', '2012-12-31', '--quiet'];
    const runs: Record<string, string[]> = {
      csv: ['--data', NVDA],
      folder: ['--symbol', 'NVDA', '--catalog', catalog],
      s3: ['--symbol', 'NVDA', ...s3Args],
    };
    for (const command of [
      ['backtest'],
      ['optimize', '--grid', 'fast=5:15:5', '--workers', '1'],
      ['walk-forward', '--grid', 'fast=5:15:5', '--in-sample', '500', '--out-of-sample', '250', '--workers', '1'],
    ]) {
      const outputs = Object.entries(runs).map(([name, data]) => {
        const json = join(out, `${command[0]}-${name}.json`);
        const run = cli([...command, ...common, ...data, '--json', json], env);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        return JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
      });
      // Only where the bars came from may differ.
      const strip = (value: Record<string, unknown>): string => JSON.stringify(value, (key, v: unknown) => (key === 'seconds' || key === 'elapsedMs' ? undefined : v));
      expect(strip(outputs[1]!)).toEqual(strip(outputs[0]!));
      expect(strip(outputs[2]!)).toEqual(strip(outputs[0]!));
    }
  });

  it('says what to do when S3 credentials are missing or refused, and when a series is not there', () => {
    const missing = cli(['catalog', 'ls', '--catalog', 's3://research/x', '--s3-endpoint', s3.endpoint], { WORKSTATION_KEYCHAIN_SERVICE: 'catalog-test-none' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/needs S3 credentials.*catalog credentials.*AWS_ACCESS_KEY_ID.*\[UNAUTHENTICATED\]/);
    const refused = cli(['catalog', 'ls', '--catalog', 's3://research/x', '--s3-endpoint', s3.endpoint], { AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refused the credentials \(InvalidAccessKeyId\)/);
    const none = cli(['backtest', '--strategy', 'sma-cross', '--symbol', 'ZZZZ', '--catalog', tempDir()]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no 1Day bars for ZZZZ .*catalog ls.*\[NOT_FOUND\]/);
  });
});
