import type { QuoteColumns, TradeColumns } from '../../backtest/market-data.js';

/** The two kinds of tick series, and their columns in stored order (t first). */
export type TickKind = 'quotes' | 'trades';
export type TickColumns<K extends TickKind> = K extends 'quotes' ? QuoteColumns : TradeColumns;
export type AnyTickColumns = QuoteColumns | TradeColumns;

export const TICK_FIELDS = {
  quotes: ['t', 'bid', 'bidSize', 'ask', 'askSize'],
  trades: ['t', 'price', 'size'],
} as const;

export const DAY_MS = 86_400_000;

export function fieldsOf(kind: TickKind): readonly string[] {
  return TICK_FIELDS[kind];
}

function asRecord(columns: AnyTickColumns): Record<string, Float64Array> {
  return columns as unknown as Record<string, Float64Array>;
}

export function columnList(kind: TickKind, columns: AnyTickColumns): Float64Array[] {
  const record = asRecord(columns);
  return fieldsOf(kind).map((f) => {
    const column = record[f];
    if (!column) throw new Error(`${kind} columns lack "${f}"`);
    return column;
  });
}

export function fromList(kind: TickKind, list: Float64Array[]): AnyTickColumns {
  const out: Record<string, Float64Array> = {};
  fieldsOf(kind).forEach((f, i) => (out[f] = list[i]!));
  return out as unknown as AnyTickColumns;
}

export function emptyTicks(kind: TickKind): AnyTickColumns {
  return fromList(kind, fieldsOf(kind).map(() => new Float64Array(0)));
}

export function tickCount(columns: AnyTickColumns): number {
  return columns.t.length;
}

/** Rows [from, to) of every column, copied. */
export function sliceTicks(kind: TickKind, columns: AnyTickColumns, from: number, to: number): AnyTickColumns {
  return fromList(kind, columnList(kind, columns).map((c) => c.slice(from, to)));
}

/** Packs columns into one BLOB: the columns one after another, each n little-endian Float64 values. */
export function packTicks(kind: TickKind, columns: AnyTickColumns, from = 0, to = columns.t.length): Buffer {
  const list = columnList(kind, columns);
  const n = to - from;
  const out = new Float64Array(n * list.length);
  list.forEach((c, i) => out.set(c.subarray(from, to), i * n));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Columns over a BLOB from SQLite. The bytes are copied once into an aligned buffer (a Buffer from the driver may
 * sit at any offset), then every column is a view over it.
 */
export function unpackTicks(kind: TickKind, blob: Uint8Array, n: number): Float64Array[] {
  const width = fieldsOf(kind).length;
  if (blob.byteLength !== n * width * 8) throw new Error(`a ${kind} chunk of ${n} rows has ${blob.byteLength} bytes, expected ${n * width * 8}`);
  const all = new Float64Array(n * width);
  new Uint8Array(all.buffer).set(blob);
  return Array.from({ length: width }, (_, i) => all.subarray(i * n, (i + 1) * n));
}

/** Concatenates column lists, then restores time order (a stable sort) when the parts overlap. */
export function concatSorted(kind: TickKind, parts: Float64Array[][]): AnyTickColumns {
  const width = fieldsOf(kind).length;
  const total = parts.reduce((s, p) => s + p[0]!.length, 0);
  const out = Array.from({ length: width }, () => new Float64Array(total));
  let at = 0;
  let sorted = true;
  let last = -Infinity;
  for (const part of parts) {
    const n = part[0]!.length;
    if (n > 0 && part[0]![0]! < last) sorted = false;
    for (let c = 0; c < width; c++) out[c]!.set(part[c]!, at);
    if (n > 0) last = part[0]![n - 1]!;
    at += n;
  }
  for (let i = 1; sorted && i < total; i++) if (out[0]![i]! < out[0]![i - 1]!) sorted = false;
  return sorted ? fromList(kind, out) : sortTicks(kind, out);
}

/** Columns in time order; rows with equal times keep their order. */
export function sortTicks(kind: TickKind, list: Float64Array[]): AnyTickColumns {
  const t = list[0]!;
  const order = Array.from({ length: t.length }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b);
  return fromList(kind, list.map((c) => Float64Array.from(order, (i) => c[i]!)));
}
