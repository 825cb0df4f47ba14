import { describe, expect, it } from 'vitest';
import { applyIsotonic, brierScore, fitIsotonic, reliabilityBins } from '../../../src-shared/discovery/calibration.js';

/** A small deterministic generator (mulberry32): the test's outcomes are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('isotonic calibration', () => {
  it('recovers known probabilities from synthetic outcomes (raw confidence says too much)', () => {
    const random = rng(7);
    // The truth: a signal with raw confidence c is right with probability 0.35 + 0.3c (overconfident above 0.5).
    const truth = (c: number): number => 0.35 + 0.3 * c;
    const outcomes = Array.from({ length: 40_000 }, () => {
      const c = random();
      return { confidence: c, hit: random() < truth(c) };
    });
    const model = fitIsotonic(outcomes);
    for (const c of [0.1, 0.3, 0.5, 0.7, 0.9]) expect(Math.abs(applyIsotonic(model, c) - truth(c))).toBeLessThan(0.03);
    // Calibrated predictions on fresh outcomes: each reliability bin's observed rate is near its predicted one.
    const fresh = Array.from({ length: 40_000 }, () => {
      const c = random();
      return { predicted: applyIsotonic(model, c), hit: random() < truth(c) };
    });
    for (const bin of reliabilityBins(fresh)) if (bin.count >= 1000) expect(Math.abs(bin.observed! - bin.predicted!)).toBeLessThan(0.03);
    // The raw confidence, taken as a probability, is worse (Brier) than the calibrated one.
    const raw = fresh.map((_, i) => ({ predicted: outcomes[i]!.confidence, hit: outcomes[i]!.hit }));
    const calibrated = outcomes.map((o) => ({ predicted: applyIsotonic(model, o.confidence), hit: o.hit }));
    expect(brierScore(calibrated)!).toBeLessThan(brierScore(raw)!);
  });

  it('recovers a step in probability (three strata of known rates)', () => {
    const random = rng(11);
    const rates = [0.3, 0.55, 0.8];
    const outcomes = Array.from({ length: 30_000 }, (_, i) => ({ confidence: [0.2, 0.5, 0.8][i % 3]!, hit: random() < rates[i % 3]! }));
    const model = fitIsotonic(outcomes);
    expect(model.blocks).toHaveLength(3);
    model.blocks.forEach((b, k) => expect(b.x).toBeCloseTo([0.2, 0.5, 0.8][k]!, 12));
    rates.forEach((r, k) => expect(Math.abs(applyIsotonic(model, [0.2, 0.5, 0.8][k]!) - r)).toBeLessThan(0.02));
  });

  it('one raw confidence collapses to its smoothed hit rate; no outcomes is no knowledge', () => {
    const model = fitIsotonic([...Array(6)].map((_, i) => ({ confidence: 0.5, hit: i < 4 })));
    expect(model.blocks).toEqual([{ x: 0.5, p: 5 / 8, n: 6 }]);
    expect(applyIsotonic(model, 0.9)).toBe(5 / 8);
    expect(applyIsotonic(fitIsotonic([]), 0.9)).toBe(0.5);
  });

  it('pools violators so the map never falls as raw confidence rises', () => {
    const model = fitIsotonic([
      { confidence: 0.1, hit: true },
      { confidence: 0.2, hit: false },
      { confidence: 0.3, hit: false },
      { confidence: 0.4, hit: true },
    ]);
    const ps = model.blocks.map((b) => b.p);
    for (let i = 1; i < ps.length; i++) expect(ps[i]!).toBeGreaterThanOrEqual(ps[i - 1]!);
    expect(model.blocks[0]!.n).toBe(3);
  });

  it('bins count every pair once, with empty bins marked', () => {
    const bins = reliabilityBins([{ predicted: 0.05, hit: true }, { predicted: 0.95, hit: false }, { predicted: 1, hit: true }], 5);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 2]);
    expect(bins[1]!.observed).toBeNull();
    expect(bins[4]!.observed).toBe(0.5);
  });
});
