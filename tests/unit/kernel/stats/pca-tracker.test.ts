import { describe, expect, it } from 'vitest';
import { PcaTracker } from '../../../../src-main/kernel/stats/pca-tracker.js';
import { pcaFactors } from '../../../../src-main/kernel/stats/pca.js';
import type { Eigen } from '../../../../src-main/kernel/stats/linalg.js';
import { realReturnColumns } from './real-returns.js';

const rows = realReturnColumns(250);
const n = rows[0]!.length;
const T = 150;
const K = 6;
const window = (b: number) => rows.slice(b, b + T);
const ALL = Array.from({ length: n }, (_, i) => `S${i}`);

describe('PcaTracker', () => {
  it('up to fastAbove symbols: pcaFactors exactly as stat-arb called it (warm-started chain, same numbers to the bit)', () => {
    const tracker = new PcaTracker({ fastAbove: n });
    let previous: Eigen | undefined;
    for (let b = 0; b < 4; b++) {
      const got = tracker.fit(window(b), K, ALL)!;
      const want = pcaFactors(window(b), K, previous)!;
      previous = want.eigen;
      expect(tracker.lastPath).toBe('exact');
      expect(got.spectrum).toBe('full');
      expect(got.weights).toEqual(want.weights);
      expect(got.values).toEqual(want.values);
    }
  });

  it('above: the full decomposition first, then the fast path, bar after bar, agreeing with the exact one to 1e-8', () => {
    const tracker = new PcaTracker({ fastAbove: 8, directUpTo: 0 });
    const paths: string[] = [];
    for (let b = 0; b < 30; b++) {
      const got = tracker.fit(window(b), K, ALL)!;
      paths.push(tracker.lastPath);
      if (b % 7 !== 0 && b !== 29) continue;
      const want = pcaFactors(window(b), K)!;
      expect(got.spectrum).toBe('leading');
      expect(got.values).toHaveLength(K);
      for (let j = 0; j < K; j++) {
        expect(got.values[j]!).toBeCloseTo(want.values[j]!, 8);
        expect(got.explained[j]!).toBeCloseTo(want.explained[j]!, 8);
        // Weights are v / sd: compare them relative to their size, sign included (the same sign rule).
        const size = want.weights[j]!.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
        for (let i = 0; i < n; i++) expect(Math.abs(got.weights[j]![i]! - want.weights[j]![i]!)).toBeLessThan(1e-8 * size);
      }
      // The factor returns are the same weights on the same rows.
      expect(got.factorReturns[0]![T - 1]).toBeCloseTo(want.factorReturns[0]![T - 1]!, 8);
    }
    expect(paths[0]).toBe('fallback');
    expect(paths.slice(1).every((p) => p === 'fast')).toBe(true);
  });

  it('a new symbol set: the last vectors mapped onto it start the iteration; the full decomposition when they fail', () => {
    const tracker = new PcaTracker({ fastAbove: 8, directUpTo: 0 });
    tracker.fit(window(0), K, ALL);
    tracker.fit(window(1), K, ALL);
    expect(tracker.lastPath).toBe('fast');
    // The first symbol gone: its entries dropped from the last vectors, still a good start.
    const fewer = window(2).map((row) => row.slice(1));
    const got = tracker.fit(fewer, K, ALL.slice(1))!;
    expect(tracker.lastPath).toBe('fast');
    const want = pcaFactors(fewer, K)!;
    for (let j = 0; j < K; j++) expect(got.values[j]!).toBeCloseTo(want.values[j]!, 8);
    // Allowed a single iteration, a changed set cannot converge: the full decomposition answers, and is right.
    const strict = new PcaTracker({ fastAbove: 8, directUpTo: 0, eigen: { maxIterations: 1 } });
    strict.fit(window(0), K, ALL);
    const back = strict.fit(window(3).map((row) => row.slice(5)), K, ALL.slice(5))!;
    expect(strict.lastPath).toBe('fallback');
    expect(back.values[0]!).toBeCloseTo(pcaFactors(window(3).map((row) => row.slice(5)), K)!.values[0]!, 10);
  });

  it('up to directUpTo symbols: the sliding correlation decomposed directly, bar after bar, agreeing with the exact path to 1e-9', () => {
    const tracker = new PcaTracker({ fastAbove: 8 });
    for (let b = 0; b < 12; b++) {
      const got = tracker.fit(window(b), K, ALL)!;
      expect(tracker.lastPath).toBe('direct');
      if (b % 5 !== 0 && b !== 11) continue;
      const want = pcaFactors(window(b), K)!;
      expect(got.spectrum).toBe('leading');
      expect(got.values).toHaveLength(K);
      for (let j = 0; j < K; j++) {
        expect(got.values[j]!).toBeCloseTo(want.values[j]!, 9);
        const size = want.weights[j]!.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
        for (let i = 0; i < n; i++) expect(Math.abs(got.weights[j]![i]! - want.weights[j]![i]!)).toBeLessThan(1e-9 * size);
      }
    }
    // A symbol set that changes is no matter to it: there is no warm start.
    const fewer = window(12).map((row) => row.slice(2));
    const got = tracker.fit(fewer, K, ALL.slice(2))!;
    expect(tracker.lastPath).toBe('direct');
    expect(got.values[0]!).toBeCloseTo(pcaFactors(fewer, K)!.values[0]!, 10);
    // Beyond directUpTo the iteration takes over.
    const wide = new PcaTracker({ fastAbove: 8, directUpTo: n - 1 });
    wide.fit(window(0), K, ALL);
    wide.fit(window(1), K, ALL);
    expect(wide.lastPath).toBe('fast');
  });

  it('a column that never moved: no factors, as pcaFactors says', () => {
    const tracker = new PcaTracker({ fastAbove: 8, directUpTo: 0 });
    const flat = window(0).map((row) => Float64Array.from(row, (x, i) => (i === 3 ? 0 : x)));
    expect(tracker.fit(flat, K, ALL)).toBeUndefined();
  });
});
