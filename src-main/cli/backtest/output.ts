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

function cannotWrite(path: string, error: unknown): CodedError {
  return new CodedError('UNAVAILABLE', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}

/** Arrays longer than this are written one element a line, each element compact. */
const LONG = 16;

/**
 * JSON a person can read and a machine writes fast: the top level and short values indented as JSON.stringify
 * does, long arrays (trades, fills, orders, sweep results) one compact element a line. Indenting every field of
 * 100,000 records doubled the file and the time to write it.
 */
export function readableJson(value: Record<string, unknown>): string {
  // One growing string (V8 keeps it as a rope until written): half the time of mapping and joining the lines.
  let out = '';
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function') continue;
    out += `${out === '' ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(member) && member.length > LONG) {
      out += '[';
      for (let i = 0; i < member.length; i++) out += `${i === 0 ? '' : ','}\n    ${JSON.stringify(member[i]) ?? 'null'}`;
      out += '\n  ]';
    } else {
      out += (JSON.stringify(member, null, 2) ?? 'null').replace(/\n/g, '\n  ');
    }
  }
  return out === '' ? '{}' : `${out}\n}`;
}

/**
 * Writes `value` as indented JSON to `path`; with `equity`, adds an `equity` array of {t, value} points, streamed a
 * chunk at a time (one point a line): a million-bar curve is never a million objects or one 90 MB string.
 */
export function writeJson(path: string, value: Record<string, unknown>, equity?: EquitySeries): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw cannotWrite(path, error);
  }
  try {
    const text = readableJson(value);
    if (!equity) {
      writeSync(fd, `${text}\n`);
      return;
    }
    const length = equity.t.length;
    // The object's text without its closing brace, then the curve as its last member.
    writeSync(fd, `${text.slice(0, text.lastIndexOf('}')).trimEnd()}${text.trimEnd() === '{}' ? '' : ','}\n  "equity": [`);
    for (let start = 0; start < length; start += CHUNK) {
      let chunk = '';
      const end = Math.min(length, start + CHUNK);
      for (let i = start; i < end; i++) {
        const v = equity.value[i]!;
        chunk += `${i === 0 ? '' : ','}\n    {"t":${equity.t[i]!},"value":${Number.isFinite(v) ? v : 'null'}}`;
      }
      writeSync(fd, chunk);
    }
    writeSync(fd, `${length > 0 ? '\n  ' : ''}]\n}\n`);
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
