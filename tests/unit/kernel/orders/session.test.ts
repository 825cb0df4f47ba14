import { describe, expect, it } from 'vitest';
import { NyseCalendar } from '../../../../src-main/exchange/market/calendar.js';
import { nyTime } from '../../../../src-main/exchange/market/ny-time.js';
import { sessionOf } from '../../../../src-main/kernel/orders/session.js';

const calendar = new NyseCalendar();

/** The broker's clock at a New York wall time, built the way Alpaca answers /v2/clock (open from the calendar). */
function clockAt(date: string, hour: number, minute = 0) {
  const now = nyTime(date, hour, minute);
  return { now, isOpen: calendar.isRegularHours(now), nextOpen: calendar.nextOpen(now), nextClose: calendar.nextClose(now) };
}

const at = (date: string, hour: number, minute = 0): string => sessionOf(clockAt(date, hour, minute));

describe('market session from the exchange calendar', () => {
  it('a normal day: pre, regular, post, closed', () => {
    expect(at('2026-11-24', 3, 59)).toBe('closed');
    expect(at('2026-11-24', 4)).toBe('pre');
    expect(at('2026-11-24', 9, 29)).toBe('pre');
    expect(at('2026-11-24', 9, 30)).toBe('regular');
    expect(at('2026-11-24', 15, 59)).toBe('regular');
    expect(at('2026-11-24', 16)).toBe('post');
    expect(at('2026-11-24', 19, 59)).toBe('post');
    expect(at('2026-11-24', 20)).toBe('closed');
  });

  it('Thanksgiving 2026 (Nov 26) is closed all day, evening included', () => {
    for (const [h, m] of [[5, 0], [10, 0], [16, 0], [17, 30], [19, 59]] as const) expect(at('2026-11-26', h, m), `${h}:${m}`).toBe('closed');
  });

  it('the day after Thanksgiving closes at 13:00 and is post-market after it', () => {
    expect(at('2026-11-27', 8)).toBe('pre');
    expect(at('2026-11-27', 12, 59)).toBe('regular');
    expect(at('2026-11-27', 13)).toBe('post');
    expect(at('2026-11-27', 14)).toBe('post');
  });

  it('early closes on July 3 and Christmas Eve; Christmas closed', () => {
    expect(at('2025-07-03', 12)).toBe('regular');
    expect(at('2025-07-03', 14)).toBe('post');
    expect(at('2026-12-24', 13, 30)).toBe('post');
    expect(at('2026-12-25', 17)).toBe('closed');
    // 2026: July 4 is a Saturday, observed Friday July 3 (a holiday, not an early close).
    expect(at('2026-07-03', 17)).toBe('closed');
    expect(at('2026-07-02', 14)).toBe('regular');
  });

  it('weekends are closed', () => {
    expect(at('2026-11-28', 10)).toBe('closed');
    expect(at('2026-11-29', 17)).toBe('closed');
  });

  it('follows daylight saving time (the same New York hours in UTC -4 and -5)', () => {
    // 2026-03-09, the Monday after the spring change; 2026-11-02, the Monday after the autumn change.
    expect(at('2026-03-09', 4, 30)).toBe('pre');
    expect(at('2026-03-09', 16, 30)).toBe('post');
    expect(at('2026-11-02', 4, 30)).toBe('pre');
    expect(at('2026-11-02', 19, 30)).toBe('post');
    expect(sessionOf({ now: Date.parse('2026-03-09T08:30:00Z'), isOpen: false, nextOpen: 0, nextClose: 0 })).toBe('pre');
    expect(sessionOf({ now: Date.parse('2026-11-02T08:30:00Z'), isOpen: false, nextOpen: 0, nextClose: 0 })).toBe('closed');
  });

  it('trusts the broker when it says the market is open', () => {
    expect(sessionOf({ ...clockAt('2026-11-26', 11), isOpen: true })).toBe('regular');
  });
});
