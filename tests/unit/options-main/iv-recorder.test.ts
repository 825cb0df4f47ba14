import { describe, expect, it } from 'vitest';
import { IvRecorder } from '../../../src-main/options/iv-recorder.js';

describe('daily IV recorder', () => {
  it('records each watchlist symbol once per New York weekday from 15:45, retries failures, skips weekends', async () => {
    let now = Date.parse('2024-05-15T19:30:00Z'); // Wednesday 15:30 New York (EDT)
    const calls: string[] = [];
    let failOnce = true;
    const errors: string[] = [];
    const recorder = new IvRecorder({
      symbols: () => ['SPY', 'AAPL', 'SPY'],
      record: async (s) => {
        if (s === 'AAPL' && failOnce) {
          failOnce = false;
          throw new Error('no chain');
        }
        calls.push(s);
      },
      now: () => now,
      onError: (s) => errors.push(s),
    });
    expect(await recorder.check()).toEqual([]); // too early
    now = Date.parse('2024-05-15T19:46:00Z');
    expect(await recorder.check()).toEqual(['SPY']);
    expect(errors).toEqual(['AAPL']);
    expect(await recorder.check()).toEqual(['AAPL']); // retried; SPY not again
    expect(await recorder.check()).toEqual([]);
    now = Date.parse('2024-05-18T20:00:00Z'); // Saturday
    expect(await recorder.check()).toEqual([]);
    now = Date.parse('2024-05-20T20:00:00Z'); // Monday
    expect(await recorder.check()).toEqual(['SPY', 'AAPL']);
    expect(calls).toEqual(['SPY', 'AAPL', 'SPY', 'AAPL']);
  });

  it('runs on its injected timer and stops', async () => {
    const ticks: (() => void)[] = [];
    let cleared = false;
    const recorder = new IvRecorder({ symbols: () => [], record: async () => undefined, setInterval: (fn) => (ticks.push(fn), {}), clearInterval: () => (cleared = true) });
    recorder.start();
    expect(ticks).toHaveLength(1);
    recorder.stop();
    expect(cleared).toBe(true);
  });
});
