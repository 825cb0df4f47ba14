import { describe, expect, it } from 'vitest';
import { StrategyScheduler } from '../../../../src-main/kernel/strategy/schedule.js';
import { nyseCalendar } from '../../../../src-main/history/calendar.js';

const iso = (t: number) => new Date(t).toISOString();

describe('StrategyScheduler on the NYSE calendar', () => {
  it('fires opens, closes (early close too), and the first trading day of week and month after holidays', () => {
    const s = new StrategyScheduler(nyseCalendar());
    const calls: string[] = [];
    s.onSessionOpen((t) => void calls.push(`open ${iso(t)}`));
    s.onSessionClose((t) => void calls.push(`close ${iso(t)}`));
    s.onFirstTradingDayOfWeek((t) => void calls.push(`week ${iso(t)}`));
    s.onFirstTradingDayOfMonth((t) => void calls.push(`month ${iso(t)}`));
    // From Wednesday 2025-12-31 (before its open) to Monday 2026-01-05 after its open.
    s.start(Date.UTC(2025, 11, 31, 12));
    s.advance(Date.UTC(2026, 0, 5, 15), true, (_t, run) => run());
    expect(calls).toEqual([
      'open 2025-12-31T14:30:00.000Z',
      'close 2025-12-31T21:00:00.000Z',
      // 2026-01-01 is a holiday: Friday the 2nd is the first trading day of January (not of its week).
      'month 2026-01-02T14:30:00.000Z',
      'open 2026-01-02T14:30:00.000Z',
      'close 2026-01-02T21:00:00.000Z',
      'week 2026-01-05T14:30:00.000Z',
      'open 2026-01-05T14:30:00.000Z',
    ]);
  });

  it('fires each event once, not those before start, and exclusive advance leaves an event at `until` for later', () => {
    const s = new StrategyScheduler(nyseCalendar());
    const calls: number[] = [];
    s.onSessionOpen((t) => void calls.push(t));
    const open = Date.UTC(2024, 2, 5, 14, 30);
    s.start(open - 1);
    s.advance(open, false, (_t, run) => run());
    expect(calls).toEqual([]);
    s.advance(open, true, (_t, run) => run());
    s.advance(open + 1000, true, (_t, run) => run());
    expect(calls).toEqual([open]);
    expect(s.nextEventTime(open)).toBe(Date.UTC(2024, 2, 6, 14, 30));
    // The day after Thanksgiving closes early (13:00 New York = 18:00Z).
    const c = new StrategyScheduler(nyseCalendar());
    const closes: number[] = [];
    c.onSessionClose((t) => void closes.push(t));
    c.start(Date.UTC(2024, 10, 29));
    c.advance(Date.UTC(2024, 10, 30), true, (_t, run) => run());
    expect(closes).toEqual([Date.UTC(2024, 10, 29, 18)]);
  });
});
