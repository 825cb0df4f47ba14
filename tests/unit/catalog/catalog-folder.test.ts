import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyColumns, type BarColumns } from '../../../src-shared/domain/bar-columns.js';
import { parquetMetadata } from 'hyparquet';
import { catalogOnStorage, openCatalog } from '../../../src-main/catalog/catalog.js';
import { concatColumns } from '../../../src-main/catalog/merge.js';
import { CatalogError } from '../../../src-main/catalog/errors.js';
import { FolderStorage } from '../../../src-main/catalog/folder-storage.js';
import type { CatalogStorage } from '../../../src-main/catalog/storage.js';
import { parseCsvColumns } from '../../../src-main/history/csv/parse-columns.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Minute bars every minute from `start`, prices with awkward binary fractions. */
function minuteBars(start: number, count: number, seed = 1): BarColumns {
  const c = emptyColumns(count);
  for (let i = 0; i < count; i++) {
    c.t[i] = start + i * 60_000;
    const p = 100 + Math.sin((i + seed) / 37) * 5 + seed / 3;
    c.o[i] = p;
    c.h[i] = p + 0.1 / 3;
    c.l[i] = p - 0.7 / 3;
    c.c[i] = p + (i % 5) / 7;
    c.v[i] = 1000 + (i % 13) * 17;
  }
  return c;
}

/** Counts range reads per key: what a read touched. */
class CountingStorage implements CatalogStorage {
  readonly reads = new Map<string, number>();
  constructor(private readonly inner: CatalogStorage) {}
  get description(): string {
    return this.inner.description;
  }
  list(prefix: string, signal?: AbortSignal, options?: { sizes?: boolean }) {
    return this.inner.list(prefix, signal, options);
  }
  size(key: string) {
    return this.inner.size(key);
  }
  read(key: string, start: number, end: number) {
    this.reads.set(key, (this.reads.get(key) ?? 0) + 1);
    return this.inner.read(key, start, end);
  }
  put(key: string, bytes: Uint8Array) {
    return this.inner.put(key, bytes);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  close(): void {}
}

function expectSame(actual: BarColumns, expected: BarColumns): void {
  for (const f of ['t', 'o', 'h', 'l', 'c', 'v'] as const) expect(Array.from(actual[f])).toEqual(Array.from(expected[f]));
}

describe('catalog on a folder', () => {
  it('round-trips a Yahoo CSV to Parquet and back to the same bars, to the last digit', async () => {
    const file = join(__dirname, '../../fixtures/yahoo-daily/yhoo-1996-2015.txt');
    const parsed = parseCsvColumns(readFileSync(file), file).columns;
    const root = tempDir();
    const catalog = openCatalog(root);
    const written = await catalog.writeBars('YHOO', '1Day', parsed);
    expect(written.inserted).toBe(parsed.t.length);
    // Daily bars by decade: 1990s, 2000s, 2010s.
    expect(readdirSync(join(root, 'bars', '1Day', 'YHOO')).sort()).toEqual(['1990s.parquet', '2000s.parquet', '2010s.parquet']);
    const back = await openCatalog(root).readBars('YHOO', '1Day');
    expectSame(back, parsed);
  });

  it('reads a range from only the partition files and row groups it meets', async () => {
    const counting = new CountingStorage(new FolderStorage(tempDir()));
    const catalog = catalogOnStorage(counting, { rowGroupSize: 1000 });
    const start = Date.UTC(2024, 0, 1);
    // Three months of minute bars, every minute: 2024-01, 2024-02, 2024-03.
    const bars = minuteBars(start, 60 * 24 * 91);
    await catalog.writeBars('AAPL', '1Min', bars);
    counting.reads.clear();
    const from = Date.UTC(2024, 1, 10, 13, 30);
    const to = Date.UTC(2024, 1, 10, 20, 0);
    const reader = catalogOnStorage(counting, { rowGroupSize: 1000 });
    const got = await reader.readBars('AAPL', '1Min', from, to);
    expect(got.t[0]).toBe(from);
    expect(got.t[got.t.length - 1]).toBe(to);
    expect(got.t.length).toBe((to - from) / 60_000 + 1);
    expect([...counting.reads.keys()]).toEqual(['bars/1Min/AAPL/2024-02.parquet']);
    // Footer plus one fetch for the run of groups the range meets; the rest of the month's groups are skipped.
    expect(counting.reads.get('bars/1Min/AAPL/2024-02.parquet')).toBe(2);
    expect(reader.stats.groupsRead).toBeLessThanOrEqual(2);
    expect(reader.stats.groupsSkipped).toBeGreaterThan(30);
  });

  it('imports idempotently and merges corrections', async () => {
    const root = tempDir();
    const catalog = openCatalog(root);
    const bars = minuteBars(Date.UTC(2024, 0, 31, 20), 600);
    const first = await catalog.writeBars('MSFT', '1Min', bars);
    expect(first).toMatchObject({ filesWritten: 2, filesUnchanged: 0, inserted: 600, updated: 0 });
    const again = await catalog.writeBars('MSFT', '1Min', bars);
    expect(again).toMatchObject({ filesWritten: 0, filesUnchanged: 2, inserted: 0, updated: 0 });
    const fix = minuteBars(Date.UTC(2024, 1, 1, 5), 2, 9);
    const corrected = await catalog.writeBars('MSFT', '1Min', fix);
    expect(corrected).toMatchObject({ filesWritten: 1, filesUnchanged: 0, inserted: 0, updated: 2 });
    const back = await catalog.readBars('MSFT', '1Min', Date.UTC(2024, 1, 1, 5), Date.UTC(2024, 1, 1, 5, 1));
    expectSame(back, fix);
    expect((await catalog.readBars('MSFT', '1Min')).t.length).toBe(600);
  });

  it('refuses malformed bars with the row and writes nothing', async () => {
    const root = tempDir();
    const catalog = openCatalog(root);
    const bars = minuteBars(Date.UTC(2024, 0, 31, 20), 600);
    bars.c[450] = Number.NaN;
    const error = await catalog.writeBars('MSFT', '1Min', bars).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).failure).toBe('CATALOG_BAD_INPUT');
    expect((error as CatalogError).message).toContain('bar #451');
    expect(readdirSync(root)).toEqual([]);
    const offGrid = minuteBars(Date.UTC(2024, 0, 31, 20), 10);
    offGrid.t[3] = offGrid.t[3]! + 1;
    await expect(catalog.writeBars('MSFT', '1Min', offGrid)).rejects.toThrow(/not on a 1Min boundary/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('lists files, says when a file is damaged, and compact removes leftovers and rewrites foreign layouts', async () => {
    const root = tempDir();
    const big = openCatalog(root, { rowGroupSize: 100_000 });
    await big.writeBars('SPY', '1Hour', hourBars(Date.UTC(2023, 0, 1), 2000));
    const files = await big.files();
    expect(files.map((f) => f.key)).toEqual(['bars/1Hour/SPY/2023.parquet']);
    writeFileSync(join(root, 'bars/1Hour/SPY/2023.parquet.tmp-1-abcd'), 'half a file');
    const catalog = openCatalog(root, { rowGroupSize: 500 });
    const result = await catalog.compact();
    expect(result).toMatchObject({ filesChecked: 1, filesRewritten: 1, tempRemoved: 1 });
    expect(readdirSync(join(root, 'bars/1Hour/SPY'))).toEqual(['2023.parquet']);
    expect((await catalog.compact()).filesRewritten).toBe(0);
    expectSame(await catalog.readBars('SPY', '1Hour'), hourBars(Date.UTC(2023, 0, 1), 2000));
    writeFileSync(join(root, 'bars/1Hour/SPY/2023.parquet'), 'not parquet at all');
    const error = await catalog.readBars('SPY', '1Hour').catch((e: unknown) => e);
    expect((error as CatalogError).failure).toBe('CATALOG_CORRUPT');
    expect((error as CatalogError).message).toContain('2023.parquet');
  });

  it('writes uncompressed pages by default, reads Snappy files of earlier versions, and compact converts them', async () => {
    const root = tempDir();
    const source = minuteBars(Date.UTC(2024, 2, 28), 8000);
    await openCatalog(root, { compression: 'snappy' }).writeBars('QQQ', '1Min', source);
    const codecs = (): string[] =>
      readdirSync(join(root, 'bars/1Min/QQQ')).flatMap((f) => {
        const bytes = readFileSync(join(root, 'bars/1Min/QQQ', f));
        const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        return meta.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data!.codec));
      });
    expect(new Set(codecs())).toEqual(new Set(['SNAPPY']));
    const catalog = openCatalog(root);
    expectSame(await catalog.readBars('QQQ', '1Min'), source);
    const result = await catalog.compact();
    expect(result).toMatchObject({ filesChecked: 2, filesRewritten: 2 });
    expect(new Set(codecs())).toEqual(new Set(['UNCOMPRESSED']));
    expectSame(await catalog.readBars('QQQ', '1Min'), source);
    expect((await catalog.compact()).filesRewritten).toBe(0);
  });

  it('scans into one reused set of columns when asked, with the same bars as a read', async () => {
    const root = tempDir();
    const source = minuteBars(Date.UTC(2024, 0, 30), 90_000);
    const catalog = openCatalog(root, { rowGroupSize: 3000 });
    await catalog.writeBars('IWM', '1Min', source);
    const from = source.t[1234]!;
    const to = source.t[88_000]!;
    const seen = new Set<ArrayBufferLike>();
    const parts: BarColumns[] = [];
    const count = await catalog.scanBars('IWM', '1Min', from, to, (chunk) => {
      seen.add(chunk.c.buffer);
      // Valid only during the call: copies are kept.
      parts.push({ t: chunk.t.slice(), o: chunk.o.slice(), h: chunk.h.slice(), l: chunk.l.slice(), c: chunk.c.slice(), v: chunk.v.slice() });
    }, { reuseChunks: true, chunkRows: 10_000 });
    expect(parts.length).toBeGreaterThan(3);
    expect(seen.size).toBeLessThan(parts.length);
    expect(count).toBe(88_000 - 1234 + 1);
    expectSame(concatColumns(parts), await catalog.readBars('IWM', '1Min', from, to));
  });
});

function hourBars(start: number, count: number): BarColumns {
  const c = minuteBars(start, count);
  for (let i = 0; i < count; i++) c.t[i] = start + i * 3_600_000;
  return c;
}
