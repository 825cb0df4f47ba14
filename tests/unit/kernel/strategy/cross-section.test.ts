import { describe, expect, it } from 'vitest';
import { CrossSectionGate, crossSectionalRank, topN } from '../../../../src-main/kernel/strategy/cross-section.js';

const bar = (t: number, c = 1) => ({ t, o: c, h: c, l: c, c, v: 1 });

describe('cross-sectional rank', () => {
  it('ranks from 0 (lowest) to 1 (highest), ties share their mean rank, NaN has no rank', () => {
    const r = crossSectionalRank(new Map([['A', 3], ['B', 1], ['C', 3], ['D', NaN], ['E', 2]]));
    expect(r.get('B')).toBe(0);
    expect(r.get('E')).toBeCloseTo(1 / 3);
    // A and C hold ranks 2 and 3 of 0..3: both get 2.5 / 3.
    expect(r.get('A')).toBeCloseTo(2.5 / 3);
    expect(r.get('C')).toBe(r.get('A'));
    expect(r.has('D')).toBe(false);
    expect(crossSectionalRank(new Map([['X', 5]])).get('X')).toBe(1);
  });

  it('topN picks the highest (or lowest) values, ties by name, independent of insertion order', () => {
    const values = new Map([['MSFT', 0.2], ['AAPL', 0.2], ['XOM', -0.1], ['NVDA', 0.5], ['T', NaN]]);
    expect(topN(values, 2)).toEqual(['NVDA', 'AAPL']);
    expect(topN(new Map([...values].reverse()), 2)).toEqual(['NVDA', 'AAPL']);
    expect(topN(values, 1, true)).toEqual(['XOM']);
    expect(topN(values, 10)).toHaveLength(4);
  });
});

describe('CrossSectionGate (live)', () => {
  it('emits a timestamp once every symbol has a bar at it', () => {
    const gate = new CrossSectionGate(['A', 'B']);
    expect(gate.push('A', bar(60))).toEqual([]);
    expect(gate.push('B', bar(60))).toEqual([60]);
    expect([...gate.snapshot(60).keys()]).toEqual(['A', 'B']);
  });

  it('emits a timestamp when a later bar shows it is over, with the silent symbol at its previous bar', () => {
    const gate = new CrossSectionGate(['A', 'B']);
    gate.push('A', bar(0, 1));
    gate.push('B', bar(0, 2));
    expect(gate.push('A', bar(60, 3))).toEqual([]);
    // B never printed at 60; A's next bar closes 60.
    expect(gate.push('A', bar(120, 4))).toEqual([60]);
    const snap = gate.snapshot(60);
    expect(snap.get('A')!.c).toBe(3);
    expect(snap.get('B')!.t).toBe(0);
  });

  it('flush delivers the pending time (the host calls it after the bar period)', () => {
    const gate = new CrossSectionGate(['A', 'B']);
    gate.push('A', bar(60));
    expect(gate.pendingSince).toBe(60);
    expect(gate.flush()).toBe(60);
    expect(gate.flush()).toBeUndefined();
    // A late bar of the flushed time does not emit it again.
    expect(gate.push('B', bar(60))).toEqual([]);
  });
});
