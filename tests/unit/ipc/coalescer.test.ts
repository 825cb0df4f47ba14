import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../../src-main/ipc/coalescer.js';

/** A manual clock and timer queue, so batching is checked exactly rather than against wall time. */
function fakeTime() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (handle: unknown) => {
      const index = timers.findIndex((t) => t.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        now = next.at;
        next.fn();
      }
      now = end;
    },
  };
}

describe('Coalescer', () => {
  it('delivers a burst as at most 20 batches a second, in order, losing nothing', () => {
    const time = fakeTime();
    const batches: Array<{ at: number; items: number[] }> = [];
    const coalescer = new Coalescer<number>((items) => batches.push({ at: time.now(), items }), {
      maxBatchesPerSecond: 20,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    });
    // 100,000 payloads spread evenly over two seconds.
    for (let i = 0; i < 100_000; i++) {
      coalescer.push(i);
      time.advance(0.02);
    }
    time.advance(100);
    const delivered = batches.flatMap((b) => b.items);
    expect(delivered).toHaveLength(100_000);
    expect(delivered.every((value, index) => value === index)).toBe(true);
    for (let second = 0; second < 2; second++) {
      const inSecond = batches.filter((b) => b.at >= second * 1000 && b.at < (second + 1) * 1000);
      expect(inSecond.length).toBeLessThanOrEqual(20);
      expect(inSecond.length).toBeGreaterThanOrEqual(19);
    }
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.at - batches[i - 1]!.at).toBeGreaterThanOrEqual(50 - 1e-9);
  });

  it('sends a lone payload at once, without waiting for a window', () => {
    const time = fakeTime();
    const batches: number[][] = [];
    const coalescer = new Coalescer<number>((items) => batches.push(items), {
      maxBatchesPerSecond: 20,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    });
    coalescer.push(1);
    expect(batches).toEqual([[1]]);
    time.advance(1000);
    coalescer.push(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it('bounds memory for a consumer that falls behind, counting what it dropped', () => {
    const time = fakeTime();
    const batches: number[][] = [];
    const coalescer = new Coalescer<number>((items) => batches.push(items), {
      maxBatchesPerSecond: 20,
      maxBuffered: 100,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    });
    for (let i = 0; i < 1001; i++) coalescer.push(i);
    time.advance(60);
    expect(batches[1]).toHaveLength(100);
    expect(batches[1]![99]).toBe(1000);
    expect(coalescer.dropped).toBe(900);
  });
});
