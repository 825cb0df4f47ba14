import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactSmaSeries, exactSmaSeriesMany, fastSmaApplies } from '../../../src-main/backtest/exact-sma.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { smaBatch } from '../../../src-main/kernel/indicators/sma.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

/** Index of the first element whose bits differ (NaN equals NaN, 0 and -0 differ), or -1. */
function firstBitDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return -2;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) {
    if (x[i] !== y[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  }
  return -1;
}

function expectSame(values: Float64Array, period: number): void {
  const fast = exactSmaSeries(values, period);
  const reference = smaBatch(values, period);
  const at = firstBitDifference(fast, reference);
  expect(at, at >= 0 ? `period ${period}: index ${at}: ${fast[at]} vs ${reference[at]}` : '').toBe(-1);
}

describe('exactSmaSeries equals smaBatch bit for bit', () => {
  const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt')).sort();

  it.each(files)('closes and opens of %s, periods 1..60 and long ones', (file) => {
    const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
    for (const column of [Float64Array.from(rows, (r) => r.c), Float64Array.from(rows, (r) => r.o * 1.37)]) {
      expect(fastSmaApplies(column, 200)).toBe(true);
      for (let period = 1; period <= 60; period++) expectSame(column, period);
      for (const period of [100, 150, 200, 250, 500, 1000, rows.length, rows.length + 5]) expectSame(column, period);
    }
  });

  it('random prices over many magnitudes, negative values and zeros', () => {
    const rand = prng(7);
    for (let trial = 0; trial < 40; trial++) {
      const scale = 10 ** Math.floor(rand() * 12 - 6);
      const values = Float64Array.from({ length: 2000 }, () => {
        const u = rand();
        if (u < 0.02) return 0;
        return (rand() - 0.3) * scale * (1 + rand() * 100);
      });
      expect(fastSmaApplies(values, 199)).toBe(true);
      for (const period of [1, 2, 3, 7, 30, 199, 1999, 2000]) expectSame(values, period);
    }
  });

  it('half-way sums round to even as the exact expansion does', () => {
    // Sums that land exactly between two doubles: 2^53 + 1, 2^53 + 3, and the same far below 1.
    const big = 2 ** 52;
    const values = Float64Array.from([big - 2, 3, big, 1, big + 2, 1, 3, -big, 5, big - 6]);
    expect(fastSmaApplies(values, 2)).toBe(true);
    for (let period = 1; period <= 3; period++) expectSame(values, period);
    // Below 1 as well: 1 + 2^-52 + 2^-53 lies half-way between two doubles.
    const small = Float64Array.from([1, 2 ** -53, 2 ** -52, 1 + 2 ** -51, 2 ** -53, 3 * 2 ** -53]);
    expect(fastSmaApplies(small, 3)).toBe(true);
    for (let period = 1; period <= 3; period++) expectSame(small, period);
  });

  it('falls back to the streaming path for non-finite values and extreme magnitudes, with the same results', () => {
    expect(fastSmaApplies(Float64Array.from([1, 2, NaN]), 2)).toBe(false);
    expect(fastSmaApplies(Float64Array.from([1e-300, 1e300]), 2)).toBe(false);
    expectSame(Float64Array.from([1, 2, NaN, 4, 5, 6, 7]), 2);
    expectSame(Float64Array.from([1, Infinity, 3, 4, -Infinity, 6]), 3);
    expectSame(Float64Array.from([1e-300, 1e300, 1, 2, 3]), 2);
    expectSame(Float64Array.from([5e-324, 1, 2]), 1);
    expectSame(new Float64Array(0), 3);
  });

  it('several periods over one split (the sweep path) give each series, in the memory it is given', () => {
    const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, files[0]!), 'utf8'), files[0]!);
    const closes = Float64Array.from(rows, (r) => r.c);
    const periods = [2, 5, 30, 200, 999];
    const buffers: SharedArrayBuffer[] = [];
    const many = exactSmaSeriesMany(closes, periods, (n) => {
      buffers.push(new SharedArrayBuffer(n * 8));
      return new Float64Array(buffers[buffers.length - 1]!);
    });
    expect(buffers).toHaveLength(periods.length);
    periods.forEach((period, k) => {
      expect(many[k]!.buffer).toBe(buffers[k]);
      expect(firstBitDifference(many[k]!, smaBatch(closes, period))).toBe(-1);
    });
  });

  it('refuses a bad period as smaBatch does', () => {
    expect(() => exactSmaSeries(Float64Array.from([1, 2]), 0)).toThrow();
  });
});
