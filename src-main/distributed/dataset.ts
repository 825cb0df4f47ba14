import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { MarketData, type BarColumns } from '../backtest/market-data.js';

const FIELDS = ['t', 'o', 'h', 'l', 'c', 'v'] as const;

const datasetSchema = z.strictObject({
  format: z.literal('columns-f64le-base64/1'),
  columns: z.array(z.strictObject({ symbol: z.string().min(1).max(32), t: z.string(), o: z.string(), h: z.string(), l: z.string(), c: z.string(), v: z.string() })).min(1).max(1000),
});

function toBase64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fromBase64(text: string, what: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 8 !== 0) throw new CodedError('BAD_REQUEST', `dataset column ${what} is not a whole number of float64 values`);
  // Copied into a fresh buffer: Buffer.from may hand out a slice of a shared pool at an odd offset.
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * The bars a job needs, as text: every column's float64 bytes (little-endian, as on x86-64 and ARM64) in base64,
 * so a worker rebuilds the same numbers to the last bit. Named by its SHA-256: sent to Redis once per run and
 * shared by all its jobs, and a worker checks what it read against the name.
 */
export function encodeDataset(data: MarketData): { text: string; sha256: string } {
  const text = JSON.stringify({
    format: 'columns-f64le-base64/1',
    columns: data.columns.map((c) => ({ symbol: c.symbol, t: toBase64(c.t), o: toBase64(c.o), h: toBase64(c.h), l: toBase64(c.l), c: toBase64(c.c), v: toBase64(c.v) })),
  });
  return { text, sha256: sha256(text) };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function decodeDataset(text: string, expectedSha256: string): MarketData {
  if (sha256(text) !== expectedSha256) throw new CodedError('INTERNAL', `dataset ${expectedSha256.slice(0, 12)}… arrived changed (its SHA-256 differs)`);
  const parsed = datasetSchema.parse(JSON.parse(text));
  const columns: BarColumns[] = parsed.columns.map((c) => {
    const out = { symbol: c.symbol } as BarColumns;
    for (const f of FIELDS) out[f] = fromBase64(c[f], `${c.symbol}.${f}`);
    return out;
  });
  return new MarketData(columns);
}
