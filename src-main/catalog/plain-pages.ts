import type { ColumnMetaData, Compressors, FileMetaData } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';

/**
 * A direct decoder for the pages the catalog writes (parquet-bars.ts): REQUIRED columns, no dictionary, `t` INT64
 * in DELTA_BINARY_PACKED, prices DOUBLE in PLAIN, Snappy or uncompressed pages. Values go straight into the
 * caller's Float64Arrays: doubles as a byte copy, times with Number arithmetic. hyparquet decodes INT64 deltas with
 * one BigInt per value (and a BigInt64Array the caller converts again), which was most of a scan's CPU time.
 * Anything else (a file another tool wrote with dictionaries, nulls, other encodings) is left to hyparquet:
 * planPlainColumns answers undefined, and a page that breaks the expectations throws NotPlain.
 */
export class NotPlain extends Error {}

export interface PlainColumn {
  /** Index of the column chunk in each row group. */
  index: number;
  kind: 'time' | 'double';
}

/** The six columns' chunk indices when every row group is in the shape this decoder reads, else undefined. */
export function planPlainColumns(metadata: FileMetaData, names: readonly string[]): PlainColumn[] | undefined {
  const leaves = metadata.schema.slice(1);
  if (leaves.some((element) => element.num_children !== undefined && element.num_children > 0)) return undefined;
  const plan: PlainColumn[] = [];
  for (const name of names) {
    const index = leaves.findIndex((element) => element.name === name);
    const element = leaves[index];
    if (!element || element.repetition_type !== 'REQUIRED') return undefined;
    const kind = name === 't' ? 'time' : 'double';
    if (element.type !== (kind === 'time' ? 'INT64' : 'DOUBLE')) return undefined;
    plan.push({ index, kind });
  }
  for (const group of metadata.row_groups) {
    for (const { index, kind } of plan) {
      const meta = group.columns[index]?.meta_data;
      if (!meta || !plainChunk(meta, kind)) return undefined;
    }
  }
  return plan;
}

function plainChunk(meta: ColumnMetaData, kind: PlainColumn['kind']): boolean {
  if (meta.dictionary_page_offset !== undefined) return false;
  if (meta.codec !== 'SNAPPY' && meta.codec !== 'UNCOMPRESSED') return false;
  const wanted = kind === 'time' ? 'DELTA_BINARY_PACKED' : 'PLAIN';
  // RLE may be listed for the (absent) levels.
  return meta.encodings.every((e) => e === wanted || e === 'RLE' || e === 'BIT_PACKED');
}

/**
 * Decodes one column chunk's rows [from, to) (row numbers within the chunk) into `target` at `at`. `bytes` is the
 * whole column chunk. Pages wholly outside the rows are skipped without being decompressed.
 */
export function decodePlainChunk(bytes: Uint8Array, kind: PlainColumn['kind'], codec: string, compressors: Compressors, from: number, to: number, target: Float64Array, at: number): void {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let row = 0;
  while (row < to && reader.offset < bytes.byteLength) {
    const header = parquetHeader(reader);
    const start = reader.offset;
    reader.offset += header.compressed_page_size;
    let rows: number;
    let body: Uint8Array;
    let compressed: boolean;
    if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      const h = header.data_page_header_v2;
      if (h.num_nulls !== 0 || h.definition_levels_byte_length !== 0 || h.repetition_levels_byte_length !== 0) throw new NotPlain('levels in a page');
      rows = h.num_rows;
      compressed = h.is_compressed !== false;
      body = bytes.subarray(start, start + header.compressed_page_size);
      if (h.encoding !== (kind === 'time' ? 'DELTA_BINARY_PACKED' : 'PLAIN')) throw new NotPlain(`page encoding ${h.encoding}`);
    } else if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const h = header.data_page_header;
      rows = h.num_values;
      compressed = true;
      body = bytes.subarray(start, start + header.compressed_page_size);
      if (h.encoding !== (kind === 'time' ? 'DELTA_BINARY_PACKED' : 'PLAIN')) throw new NotPlain(`page encoding ${h.encoding}`);
    } else {
      throw new NotPlain(`page type ${header.type}`);
    }
    const pageEnd = row + rows;
    if (pageEnd > from && rows > 0) {
      let page = body;
      if (compressed && codec === 'SNAPPY' && header.uncompressed_page_size > 0) {
        const snappy = compressors.SNAPPY;
        if (!snappy) throw new NotPlain('no Snappy decompressor');
        page = snappy(body, header.uncompressed_page_size);
      }
      const skip = Math.max(0, from - row);
      const take = Math.min(pageEnd, to) - row - skip;
      const into = at + (row + skip - from);
      if (kind === 'double') {
        if (page.byteLength < (skip + take) * 8) throw new NotPlain('short page');
        new Uint8Array(target.buffer, target.byteOffset + into * 8, take * 8).set(page.subarray(skip * 8, (skip + take) * 8));
      } else {
        deltaTimes(page, rows, skip, take, target, into);
      }
    }
    row = pageEnd;
  }
  if (row < to) throw new NotPlain('fewer rows than the footer says');
}

/** An unsigned LEB128 varint as a Number (exact below 2^53). */
function readUleb(view: DataView, state: { offset: number }): number {
  let result = 0;
  let scale = 1;
  for (;;) {
    const byte = view.getUint8(state.offset++);
    result += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return result;
    scale *= 128;
    if (scale > 2 ** 56) throw new NotPlain('varint over 53 bits');
  }
}

/** Zig-zag decoding with Number arithmetic (exact for |value| below 2^52). */
function unzigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

/**
 * DELTA_BINARY_PACKED INT64 values of one page, rows [skip, skip + take), into target[into...], as Numbers.
 * Times in milliseconds stay far below 2^53; a value or delta beyond that is refused (NotPlain).
 */
function deltaTimes(page: Uint8Array, count: number, skip: number, take: number, target: Float64Array, into: number): void {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const state = { offset: 0 };
  const blockSize = readUleb(view, state);
  const miniblocks = readUleb(view, state);
  readUleb(view, state); // total values (the page header's count is used)
  let value = unzigzag(readUleb(view, state));
  const perMiniblock = blockSize / miniblocks;
  if (!Number.isInteger(perMiniblock) || perMiniblock % 8 !== 0) throw new NotPlain('odd delta block layout');
  const end = skip + take;
  let index = 0;
  if (index >= skip && index < end) target[into + index - skip] = value;
  index++;
  const widths = new Uint8Array(miniblocks);
  while (index < count && index < end) {
    const minDelta = unzigzag(readUleb(view, state));
    for (let m = 0; m < miniblocks; m++) widths[m] = view.getUint8(state.offset++);
    for (let m = 0; m < miniblocks && index < count && index < end; m++) {
      const width = widths[m]!;
      if (width > 52) throw new NotPlain('delta wider than 52 bits');
      const n = Math.min(perMiniblock, count - index);
      if (width === 0) {
        for (let k = 0; k < n; k++) {
          value += minDelta;
          if (index >= skip && index < end) target[into + index - skip] = value;
          index++;
        }
      } else {
        // Little-endian bit packing: value k occupies bits [k * width, (k + 1) * width) of the miniblock.
        let bit = state.offset * 8;
        for (let k = 0; k < n; k++) {
          let delta = 0;
          let got = 0;
          while (got < width) {
            const byte = page[bit >>> 3]!;
            const shift = bit & 7;
            const bits = Math.min(8 - shift, width - got);
            delta += ((byte >>> shift) & ((1 << bits) - 1)) * 2 ** got;
            got += bits;
            bit += bits;
          }
          value += minDelta + delta;
          if (index >= skip && index < end) target[into + index - skip] = value;
          index++;
        }
        // A miniblock always takes perMiniblock * width bits, however many values it holds.
        state.offset += (perMiniblock * width) / 8;
      }
      if (!Number.isSafeInteger(value)) throw new NotPlain('time beyond 2^53');
    }
  }
}
