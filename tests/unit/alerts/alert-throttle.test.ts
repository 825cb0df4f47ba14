import { describe, expect, it } from 'vitest';
import { AlertThrottle } from '../../../src-main/alerts/alert-throttle.js';

describe('alert throttle (one-shot and cooldown)', () => {
  it('a price alert with a 60 s cooldown fires once in 85 s of crossings, then again after the cooldown', () => {
    const throttle = new AlertThrottle();
    const rule = { id: 'aapl', repeat: 'cooldown' as const, cooldownSeconds: 60 };
    // Eleven matches in 85 s (the report: a price alert fired 11 times in 85 s).
    const matches = Array.from({ length: 11 }, (_, i) => i * 8_500);
    const fired = matches.filter((at) => {
      if (!throttle.admits(rule, at)) return false;
      throttle.fired(rule.id, at);
      return true;
    });
    expect(fired).toEqual([0, 68_000]);
  });

  it('a one-shot rule fires once until it is saved again', () => {
    const throttle = new AlertThrottle();
    const rule = { id: 'once', repeat: 'once' as const, cooldownSeconds: 0 };
    expect(throttle.admits(rule, 1)).toBe(true);
    throttle.fired(rule.id, 1);
    expect(throttle.admits(rule, 10_000_000)).toBe(false);
    throttle.reset(rule.id);
    expect(throttle.admits(rule, 10_000_001)).toBe(true);
  });

  it('a clock that went back (a restarted simulated exchange) does not silence a rule', () => {
    const throttle = new AlertThrottle();
    const rule = { id: 'r', repeat: 'cooldown' as const, cooldownSeconds: 300 };
    throttle.fired(rule.id, 1_000_000);
    expect(throttle.admits(rule, 1_000_001)).toBe(false);
    expect(throttle.admits(rule, 5_000)).toBe(true);
  });
});
