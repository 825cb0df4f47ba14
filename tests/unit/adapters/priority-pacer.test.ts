import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PriorityPacer } from '../../../src-main/adapters/alpaca/execution/priority-pacer.js';

/** The trading bucket with orders first: on fake timers, so each grant's moment is exact. */
describe('PriorityPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const granted = (pacer: PriorityPacer, kind: 'order' | 'read', log: string[], name: string, signal?: AbortSignal): Promise<void> =>
    pacer.acquire(signal, kind).then(
      () => void log.push(`${name}@${Date.now()}`),
      () => void log.push(`${name} aborted@${Date.now()}`),
    );

  it('keeps one token of three for orders: reads take two, the third waits while an order takes the kept one at once', async () => {
    const pacer = new PriorityPacer(3, 1000, 1, Date.now);
    const log: string[] = [];
    const reads = [1, 2, 3].map((i) => granted(pacer, 'read', log, `r${i}`));
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['r1@0', 'r2@0']);
    const order = granted(pacer, 'order', log, 'o1');
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['r1@0', 'r2@0', 'o1@0']);
    // The third read needs two tokens in the bucket (one to spend, one kept): 2/3 s of refill.
    await vi.advanceTimersByTimeAsync(700);
    await Promise.all([...reads, order]);
    expect(log).toEqual(['r1@0', 'r2@0', 'o1@0', 'r3@667']);
  });

  it('serves queued orders before earlier queued reads, and never more than the budget', async () => {
    const pacer = new PriorityPacer(3, 1000, 1, Date.now);
    const log: string[] = [];
    const all = [granted(pacer, 'order', log, 'o1'), granted(pacer, 'order', log, 'o2'), granted(pacer, 'order', log, 'o3')];
    all.push(granted(pacer, 'read', log, 'r1'), granted(pacer, 'order', log, 'o4'));
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['o1@0', 'o2@0', 'o3@0']);
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(all);
    // o4 at the first refilled token (1/3 s); r1 once two tokens are there again, after o4 (1/3 s + 2/3 s).
    expect(log).toEqual(['o1@0', 'o2@0', 'o3@0', 'o4@334', 'r1@1000']);
  });

  it('an aborted wait leaves the queue and lets the next one through', async () => {
    const pacer = new PriorityPacer(1, 1000, 0, Date.now);
    const log: string[] = [];
    await granted(pacer, 'order', log, 'o1');
    const stop = new AbortController();
    const waiting = [granted(pacer, 'order', log, 'o2', stop.signal), granted(pacer, 'read', log, 'r1')];
    await vi.advanceTimersByTimeAsync(100);
    stop.abort(new Error('kill switch'));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(waiting);
    expect(log).toEqual(['o1@0', 'o2 aborted@100', 'r1@1000']);
    expect(pacer.waiting()).toEqual({ orders: 0, reads: 0 });
  });

  it('a deeper bucket lets a burst out at once and then paces at the same rate', async () => {
    const pacer = new PriorityPacer(3, 1000, 1, Date.now, 10);
    const log: string[] = [];
    const all = Array.from({ length: 11 }, (_, i) => granted(pacer, 'order', log, `o${i + 1}`));
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(400);
    await Promise.all(all);
    expect(log.at(-1)).toBe('o11@334');
  });

  it('refuses an already aborted signal without spending a token', async () => {
    const pacer = new PriorityPacer(1, 1000, 0, Date.now);
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    await expect(pacer.acquire(stop.signal)).rejects.toThrow('stopped');
    const log: string[] = [];
    await granted(pacer, 'order', log, 'o1');
    expect(log).toEqual(['o1@0']);
  });
});
