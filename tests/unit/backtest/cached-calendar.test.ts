import { describe, expect, it } from 'vitest';
import { CachedCalendar, cachedCalendar } from '../../../src-main/backtest/cached-calendar.js';
import { nyseCalendar, type SessionCalendar } from '../../../src-main/history/calendar.js';

/** Counts the inner calendar's work: the cache exists to save it, and must not change a single answer. */
function counting(inner: SessionCalendar): SessionCalendar & { calls: number } {
  const c = { calls: 0, sessions: (from: string, to: string) => (c.calls++, inner.sessions(from, to)) };
  return c;
}

describe('CachedCalendar', () => {
  it('answers every range and single date as the calendar does (holidays, weekends, early closes)', () => {
    const inner = nyseCalendar();
    const cached = new CachedCalendar(inner);
    expect(cached.sessions('2024-11-01', '2025-01-10')).toEqual(inner.sessions('2024-11-01', '2025-01-10'));
    for (const date of ['2024-11-28', '2024-11-29', '2024-12-24', '2024-12-25', '2024-12-28', '2025-01-02', '2025-01-09', '2025-01-10']) {
      expect(cached.sessions(date, date), date).toEqual(inner.sessions(date, date));
    }
    expect(cached.sessions('2024-11-29', '2024-11-29')[0]!.close).toBe(Date.parse('2024-11-29T18:00:00Z')); // 13:00 New York
    expect(cached.sessions('2024-12-25', '2024-12-25')).toEqual([]);
  });

  it('asks the calendar once for a date it has already read, in a range or alone', () => {
    const inner = counting(nyseCalendar());
    const cached = new CachedCalendar(inner);
    cached.sessions('2023-03-01', '2023-03-31');
    expect(inner.calls).toBe(1);
    for (const date of ['2023-03-01', '2023-03-04', '2023-03-15', '2023-03-31']) cached.sessions(date, date);
    expect(inner.calls).toBe(1);
    cached.sessions('2023-04-03', '2023-04-03');
    cached.sessions('2023-04-03', '2023-04-03');
    expect(inner.calls).toBe(2);
  });

  it('is one cache per calendar object', () => {
    const inner = nyseCalendar();
    expect(cachedCalendar(inner)).toBe(cachedCalendar(inner));
    expect(cachedCalendar(cachedCalendar(inner))).toBe(cachedCalendar(inner));
  });
});
