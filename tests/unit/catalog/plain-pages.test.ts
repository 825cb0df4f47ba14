import type { AsyncBuffer } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { emptyColumns, type BarColumns } from '../../../src-shared/domain/bar-columns.js';
import { decodeRows, encodeBars, readFooter, type BarFileFooter } from '../../../src-main/catalog/parquet-bars.js';

/**
 * The catalog's own page decoder (plain-pages.ts) against hyparquet on the same files: every value with the same
 * bits, whole files and ranges that start and end inside pages, several pages per column chunk, Snappy and
 * uncompressed; files in another shape go to hyparquet.
 */
function bars(n: number, seed: number): BarColumns {
  const c = emptyColumns(n);
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  let t = Date.UTC(1999, 11, 31, 14, 30);
  let p = 37.125;
  for (let i = 0; i < n; i++) {
    // Irregular gaps: a minute mostly, sometimes a weekend or a missing month (wide deltas in the bit packing).
    const r = rand();
    t += r < 0.9 ? 60_000 : r < 0.99 ? 3 * 86_400_000 + Math.floor(rand() * 1000) : 40 * 86_400_000;
    p = Math.max(0.01, p + (rand() - 0.5) * 0.73);
    c.t[i] = t;
    c.o[i] = p;
    c.h[i] = p + rand();
    c.l[i] = p - rand() / 3;
    c.c[i] = p * (1 + (rand() - 0.5) / 100);
    c.v[i] = Math.floor(rand() * 1e7) / 7;
  }
  return c;
}

function asBuffer(bytes: Uint8Array): AsyncBuffer {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { byteLength: ab.byteLength, slice: (start: number, end?: number) => ab.slice(start, end) };
}

/** The catalog's column layout written with small pages (several per chunk), as encodeBars would with big data. */
function smallPages(c: BarColumns, codec: 'SNAPPY' | 'UNCOMPRESSED'): Uint8Array {
  const t = new BigInt64Array(c.t.length);
  for (let i = 0; i < t.length; i++) t[i] = BigInt(c.t[i]!);
  return new Uint8Array(
    parquetWriteBuffer({
      codec,
      statistics: true,
      rowGroupSize: 3000,
      pageSize: 4096,
      columnData: [
        { name: 't', data: t, type: 'TIMESTAMP', nullable: false, encoding: 'DELTA_BINARY_PACKED' },
        ...(['o', 'h', 'l', 'c', 'v'] as const).map((name) => ({ name, data: c[name], type: 'DOUBLE' as const, nullable: false, encoding: 'PLAIN' as const })),
      ],
    }),
  );
}

async function bothWays(file: AsyncBuffer, footer: BarFileFooter, from: number, to: number): Promise<{ plain: BarColumns; reference: BarColumns }> {
  const plain = await decodeRows(file, footer, from, to, 'test');
  const reference = await decodeRows(file, { ...footer, plain: undefined }, from, to, 'test');
  return { plain, reference };
}

const expectSame = (a: BarColumns, b: BarColumns): void => {
  for (const k of ['t', 'o', 'h', 'l', 'c', 'v'] as const) expect(Array.from(a[k]), k).toEqual(Array.from(b[k]));
};

describe('the catalog page decoder', () => {
  it.each([
    ['encodeBars (one page per chunk)', (c: BarColumns) => encodeBars(c, { symbol: 'T', timeframe: '1Min', rowGroupSize: 2500 })],
    ['encodeBars with Snappy', (c: BarColumns) => encodeBars(c, { symbol: 'T', timeframe: '1Min', rowGroupSize: 2500, compression: 'snappy' })],
    ['several Snappy pages per chunk', (c: BarColumns) => smallPages(c, 'SNAPPY')],
    ['several uncompressed pages per chunk', (c: BarColumns) => smallPages(c, 'UNCOMPRESSED')],
  ])('decodes %s to the bits hyparquet decodes, whole and in ranges cut inside pages', async (_name, write) => {
    const source = bars(10_007, 11);
    const file = asBuffer(write(source));
    const footer = await readFooter(file, 'test');
    expect(footer.plain).toBeDefined();
    const whole = await bothWays(file, footer, 0, footer.rows);
    expectSame(whole.plain, whole.reference);
    expectSame(whole.plain, source);
    for (const [from, to] of [[1, 2], [123, 4567], [2500, 5000], [2999, 3001], [9_000, 10_007], [0, 1]] as const) {
      const part = await bothWays(file, footer, from, to);
      expect(part.plain.t.length).toBe(to - from);
      expectSame(part.plain, part.reference);
    }
  });

  it('leaves files in another shape (nullable columns, dictionaries) to hyparquet, with the same bars', async () => {
    const source = bars(3_000, 5);
    const t = new BigInt64Array(source.t.length);
    for (let i = 0; i < t.length; i++) t[i] = BigInt(source.t[i]!);
    const foreign = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 't', data: t, type: 'INT64' },
          ...(['o', 'h', 'l', 'c', 'v'] as const).map((name) => ({ name, data: Array.from(source[name]), type: 'DOUBLE' as const })),
        ],
      }),
    );
    const file = asBuffer(foreign);
    const footer = await readFooter(file, 'test');
    expect(footer.plain).toBeUndefined();
    expectSame(await decodeRows(file, footer, 0, footer.rows, 'test'), source);
  });
});
