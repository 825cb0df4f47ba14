import { describe, expect, it } from 'vitest';
import { CallsInFlight } from '../../../src-main/ipc/calls.js';

describe('CallsInFlight', () => {
  it('cancels a cancellable call; a call with side effects ignores cancel and disconnect', () => {
    const calls = new CallsInFlight();
    const read = calls.begin(1, true)!;
    const submit = calls.begin(2, false)!;
    expect(calls.cancel(2)).toBe(false);
    expect(submit.aborted).toBe(false);
    expect(calls.cancel(1)).toBe(true);
    expect(read.aborted).toBe(true);
    const other = calls.begin(3, true)!;
    calls.cancelAll();
    expect(other.aborted).toBe(true);
    expect(submit.aborted).toBe(false);
    expect(calls.size).toBe(1);
    calls.end(2, submit);
    expect(calls.size).toBe(0);
  });

  it('refuses an id still in flight without touching the first call, and takes it again once that ended', () => {
    const calls = new CallsInFlight();
    const first = calls.begin(7, false)!;
    expect(calls.begin(7, true)).toBeUndefined();
    expect(first.aborted).toBe(false);
    calls.end(7, first);
    expect(calls.begin(7, true)).toBeDefined();
  });
});
