import { describe, expect, it } from 'vitest';
import { SharedSlots } from '../../../src-main/ml/inference/shared-slots.js';

describe("the inference client's shared batch buffers", () => {
  it('gives a batch in flight a buffer of its own, reuses a returned one, and grows one too small under its number', () => {
    const pool = new SharedSlots();
    const a = pool.take(32_000, 500);
    const b = pool.take(32_000, 500);
    expect(a.fresh && b.fresh).toBe(true);
    expect(a.slot.slot).not.toBe(b.slot.slot);
    expect(a.slot.input.byteLength).toBeGreaterThanOrEqual(128_000);
    expect(a.slot.output.byteLength).toBeGreaterThanOrEqual(2_000);
    pool.give(a.slot);
    // the same size again: the returned buffer, already known to the worker
    const again = pool.take(32_000, 500);
    expect(again.fresh).toBe(false);
    expect(again.slot).toBe(a.slot);
    pool.give(again.slot);
    pool.give(b.slot);
    // a larger batch than any buffer: one of the free buffers is replaced by a larger one under the same number
    const big = pool.take(100_000, 2_000);
    expect(big.fresh).toBe(true);
    expect([a.slot.slot, b.slot.slot]).toContain(big.slot.slot);
    expect(big.slot.input.byteLength).toBeGreaterThanOrEqual(400_000);
    pool.give(big.slot);
    // a small batch now prefers the smaller buffer left, not the grown one
    const small = pool.take(10, 1);
    expect(small.fresh).toBe(false);
    expect(small.slot.input.byteLength).toBeLessThan(big.slot.input.byteLength);
  });
});
