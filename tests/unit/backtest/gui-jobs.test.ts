import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCsvRequestSchema, monteCarloRequestSchema, uploadCsvPartRequestSchema, UPLOAD_PART_CHARS } from '../../../src-shared/ipc/backtest-schemas.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { CsvUploads } from '../../../src-main/backtest/csv-uploads.js';
import { runImportJob } from '../../../src-main/backtest/jobs/import-job.js';
import { runMonteCarloJob } from '../../../src-main/backtest/jobs/monte-carlo-job.js';
import type { JobMessage, JobPaths } from '../../../src-main/backtest/jobs/protocol.js';
import { monteCarlo } from '../../../src-main/backtest/monte-carlo.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { historyDatabasePath } from '../../../src-main/history/history-db.js';
import { HistoryStore } from '../../../src-main/history/store.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const dirs: string[] = [];
function paths(): JobPaths {
  const dataDir = mkdtempSync(join(tmpdir(), 'gui-jobs-'));
  dirs.push(dataDir);
  return { dataDir, databaseFile: join(dataDir, 'workstation.sqlite'), sweepWorkerScript: '' };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const refusal = (fn: () => unknown): CodedError => {
  try {
    fn();
  } catch (error) {
    return error as CodedError;
  }
  throw new Error('expected a refusal');
};

describe('CSV uploads held in main', () => {
  it('joins the parts in order and forgets the upload once taken', () => {
    const uploads = new CsvUploads({ maxChars: 100, maxUploads: 2, idleMs: 1000 });
    expect(uploads.append('a', 0, 'date,open\n')).toEqual({ parts: 1, chars: 10 });
    expect(uploads.append('a', 1, '2024-01-02,1\n')).toEqual({ parts: 2, chars: 23 });
    expect(uploads.take('a')).toBe('date,open\n2024-01-02,1\n');
    expect(refusal(() => uploads.take('a')).code).toBe('BAD_REQUEST');
  });

  it('refuses parts out of order, files over the limit, too many uploads, and forgets idle ones', () => {
    let now = 0;
    const uploads = new CsvUploads({ maxChars: 10, maxUploads: 2, idleMs: 1000 }, () => now);
    uploads.append('a', 0, 'x');
    expect(refusal(() => uploads.append('a', 2, 'x')).message).toMatch(/part 2 came out of order \(expected part 1\)/);
    expect(refusal(() => uploads.append('b', 1, 'x')).message).toMatch(/unknown or expired/);
    uploads.append('b', 0, 'x');
    expect(refusal(() => uploads.append('c', 0, 'x')).code).toBe('UNAVAILABLE');
    expect(refusal(() => uploads.append('b', 1, 'x'.repeat(10))).message).toMatch(/larger than .* `workstation import`/);
    expect(uploads.size).toBe(1);
    now = 5000;
    uploads.append('c', 0, 'x');
    expect(uploads.size).toBe(1);
    expect(refusal(() => uploads.take('a')).code).toBe('BAD_REQUEST');
  });

  it('main refuses parts longer than the part size and ids that are not plain names', () => {
    expect(uploadCsvPartRequestSchema.safeParse({ uploadId: 'u1', part: 0, text: 'x'.repeat(UPLOAD_PART_CHARS) }).success).toBe(true);
    expect(uploadCsvPartRequestSchema.safeParse({ uploadId: 'u1', part: 0, text: 'x'.repeat(UPLOAD_PART_CHARS + 1) }).success).toBe(false);
    expect(uploadCsvPartRequestSchema.safeParse({ uploadId: '../etc', part: 0, text: '' }).success).toBe(false);
  });
});

describe('import job (what the job worker runs for backtest.importCsv)', () => {
  const file = join(YAHOO_DAILY_DIR, 'orcl-2003-2005.txt');
  const text = readFileSync(file, 'utf8');

  it("stores a Yahoo file's bars under the symbol, infers the timeframe, and re-importing changes nothing", () => {
    const where = paths();
    const messages: JobMessage[] = [];
    const request = importCsvRequestSchema.parse({ jobId: 'j1', uploadId: 'u1', fileName: 'C:\\Users\\me\\orcl-2003-2005.txt', symbol: 'orcl' });
    const result = runImportJob({ kind: 'import-csv', request, text, paths: where }, (m) => messages.push(m));
    const rows = parseYahooCsv(text, file);
    expect(result).toMatchObject({ fileName: 'orcl-2003-2005.txt', symbol: 'ORCL', timeframe: '1Day', timeframeInferred: true, bars: rows.length, inserted: rows.length, storedBars: rows.length });
    const store = HistoryStore.open(historyDatabasePath(where.dataDir), { readonly: true });
    const closes = store.readColumns('ORCL', '1Day', {}).c;
    store.close();
    expect(Array.from(closes.subarray(0, rows.length))).toEqual(rows.map((r) => r.c));
    expect(messages.at(-1)).toEqual({ type: 'progress', progress: { phase: 'done', done: 1, total: 1 } });
    const again = runImportJob({ kind: 'import-csv', request, text, paths: where }, () => {});
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: rows.length });
  });

  it('refuses a bad row with the file, the line and the reason, and writes nothing', () => {
    const where = paths();
    const bad = 'timestamp,open,high,low,close,volume\n2024-03-01T14:30:00Z,10,11,9,10.5,100\n2024-03-01T14:31:00Z,10.5,9,10,10.2,200\n';
    const request = importCsvRequestSchema.parse({ jobId: 'j2', uploadId: 'u2', fileName: 'bad.csv', symbol: 'XYZ' });
    const error = refusal(() => runImportJob({ kind: 'import-csv', request, text: bad, paths: where }, () => {}));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^bad\.csv, line 3: /);
    const store = HistoryStore.open(historyDatabasePath(where.dataDir), { readonly: true });
    expect(store.coverage('XYZ')).toEqual([]);
    store.close();
  });
});

describe('Monte Carlo job (backtest.monteCarlo)', () => {
  it('gives the same distribution as monteCarlo() and histograms that count every run', () => {
    const pnls = [120, -80, 45, -30, 200, -150, 60, 10, -5, 90];
    const request = monteCarloRequestSchema.parse({ jobId: 'mc', pnls, startValue: 10_000, runs: 500, seed: 3 });
    const result = runMonteCarloJob({ kind: 'monte-carlo', request, paths: paths() }, () => {});
    const direct = monteCarlo({ pnls, startValue: 10_000, runs: 500, seed: 3, method: 'bootstrap', loss: 0.2 });
    expect(result.finalReturn).toEqual(direct.finalReturn);
    expect(result.maxDrawdown).toEqual(direct.maxDrawdown);
    expect(result.trades).toBe(10);
    for (const h of [result.finalReturnHistogram, result.maxDrawdownHistogram]) expect(h.counts.reduce((a, b) => a + b, 0)).toBe(500);
    // The bins span the runs: the first starts at the smallest final return, the last ends at the largest.
    const h = result.finalReturnHistogram;
    expect(h.from).toBeLessThanOrEqual(direct.finalReturn.p5);
    expect(h.from + h.width * h.counts.length).toBeGreaterThanOrEqual(direct.finalReturn.p95);
  });

  it('a shuffle keeps the final return, so every run lands in one bin', () => {
    const request = monteCarloRequestSchema.parse({ jobId: 'mc2', pnls: [10, -20, 30], startValue: 1000, runs: 50, method: 'shuffle' });
    const result = runMonteCarloJob({ kind: 'monte-carlo', request, paths: paths() }, () => {});
    expect(result.finalReturnHistogram.counts.filter((c) => c > 0)).toEqual([50]);
    expect(result.finalReturn.p5).toBeCloseTo(0.02, 12);
  });
});
