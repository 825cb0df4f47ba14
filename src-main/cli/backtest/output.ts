import { closeSync, openSync, writeSync } from 'node:fs';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { DataSource } from '../../backtest/load-data.js';

/** An equity curve as two columns. */
export interface EquitySeries {
  t: ArrayLike<number>;
  value: ArrayLike<number>;
}

/** Points per write: big enough that the writes cost nothing, small enough that memory stays flat. */
const CHUNK = 65_536;
/** Characters gathered before a write: one 17 MB string cost more to flatten and encode than to make. */
const FLUSH_AT = 1 << 20;

function cannotWrite(path: string, error: unknown): CodedError {
  return new CodedError('UNAVAILABLE', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}

/** Arrays longer than this are written one element a line, each element compact. */
const LONG = 16;

/**
 * Emits the JSON of `value` in pieces to `emit`: the top level and short values indented as JSON.stringify does,
 * long arrays (trades, fills, orders, sweep results) one compact element a line. Indenting every field of 100,000
 * records doubled the file and the time to write it. Returns false when nothing was emitted (an empty object).
 */
function emitReadable(value: Record<string, unknown>, emit: (text: string) => void): boolean {
  let out = '';
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function') continue;
    out += `${first ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (Array.isArray(member) && member.length > LONG) {
      out += '[';
      for (let i = 0; i < member.length; i++) {
        out += `${i === 0 ? '' : ','}\n    ${JSON.stringify(member[i]) ?? 'null'}`;
        if (out.length >= FLUSH_AT) {
          emit(out);
          out = '';
        }
      }
      out += '\n  ]';
    } else {
      out += (JSON.stringify(member, null, 2) ?? 'null').replace(/\n/g, '\n  ');
    }
  }
  if (out !== '') emit(out);
  return !first;
}

/** readableJson's layout as one string (small values; writeJson streams the same text to a file). */
export function readableJson(value: Record<string, unknown>): string {
  let text = '';
  return emitReadable(value, (piece) => (text += piece)) ? `${text}\n}` : '{}';
}

/**
 * Writes `value` as readable JSON (readableJson's layout) to `path`, a megabyte at a time; with `equity`, adds an
 * `equity` array of {t, value} points as its last member, streamed a chunk at a time (one point a line): a
 * million-bar curve is never a million objects or one 90 MB string.
 */
export function writeJson(path: string, value: Record<string, unknown>, equity?: EquitySeries): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw cannotWrite(path, error);
  }
  try {
    const write = (text: string): void => {
      writeSync(fd, text);
    };
    const any = emitReadable(value, write);
    if (!equity) {
      write(any ? '\n}\n' : '{}\n');
      return;
    }
    const length = equity.t.length;
    // The curve as the object's last member.
    write(`${any ? ',' : '{'}\n  "equity": [`);
    for (let start = 0; start < length; start += CHUNK) {
      let chunk = '';
      const end = Math.min(length, start + CHUNK);
      for (let i = start; i < end; i++) {
        const v = equity.value[i]!;
        chunk += `${i === 0 ? '' : ','}\n    {"t":${equity.t[i]!},"value":${Number.isFinite(v) ? v : 'null'}}`;
      }
      write(chunk);
    }
    write(`${length > 0 ? '\n  ' : ''}]\n}\n`);
  } catch (error) {
    if (error instanceof CodedError) throw error;
    throw cannotWrite(path, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * What was read, in a trader's words: bars per symbol, the timeframe (and whether it was inferred), and the zone
 * timestamps without one were read in.
 */
export function describeData(sources: readonly DataSource[]): string {
  return sources
    .map((s) => {
      const timeframe = s.timeframe
        ? `${s.timeframe} bars${s.timeframeInferred ? ' (timeframe inferred from the spacing)' : ''}`
        : 'bars (timeframe not clear from the spacing; pass --timeframe)';
      const zone = s.assumedZone ? `; times without a zone read as ${s.assumedZone}${s.assumedZone === 'UTC' ? ' (pass --tz to say otherwise)' : ''}` : '';
      return `${s.symbol}: ${s.bars.toLocaleString('en-US')} ${timeframe}${s.file ? ` from ${s.file}` : ''}${zone}`;
    })
    .join('\n');
}
