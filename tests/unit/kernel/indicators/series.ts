import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYahooCsv } from '../../../../src-main/history/csv/yahoo.js';
import { YAHOO_DAILY_DIR } from '../../../support/data.js';

/** The real daily files the indicators are checked on (the long ones cover 1995-2015 in all regimes). */
export const DAILY_FILES = ['nvda-1999-2014.txt', 'orcl-1995-2014.txt', 'yhoo-1996-2015.txt'] as const;

export interface Ohlcv {
  file: string;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export function loadDaily(file: string): Ohlcv {
  const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
  return {
    file,
    time: Float64Array.from(rows, (r) => r.t),
    open: Float64Array.from(rows, (r) => r.o),
    high: Float64Array.from(rows, (r) => r.h),
    low: Float64Array.from(rows, (r) => r.l),
    close: Float64Array.from(rows, (r) => r.c),
    volume: Float64Array.from(rows, (r) => r.v),
  };
}

/**
 * Asserts that `ours` and `theirs` agree to `tol` relative (absolute near zero) over the positions both define.
 * `ours` is aligned to the series; `theirs` holds only the warm values, so its first element lines up with
 * position `ours.length - theirs.length`. `floor` is the smallest scale a difference is measured against, for
 * values that cross zero (where a relative difference means nothing). Returns how many values were compared, so a test can require many.
 */
export function compareTail(ours: Float64Array, theirs: ArrayLike<number>, tol = 1e-9, label = '', floor = 1e-12): number {
  const offset = ours.length - theirs.length;
  if (offset < 0) throw new Error(`${label}: reference has more values (${theirs.length}) than ours (${ours.length})`);
  let compared = 0;
  for (let i = 0; i < theirs.length; i++) {
    const a = ours[offset + i]!;
    const b = Number(theirs[i]);
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      if (Number.isNaN(a) && Number.isNaN(b)) continue;
      throw new Error(`${label}: position ${offset + i}: ours ${a}, reference ${b}`);
    }
    const scale = Math.max(Math.abs(a), Math.abs(b), floor);
    if (Math.abs(a - b) / scale > tol) {
      throw new Error(`${label}: position ${offset + i}: ours ${a}, reference ${b} (rel ${Math.abs(a - b) / scale})`);
    }
    compared++;
  }
  return compared;
}
