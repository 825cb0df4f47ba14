import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NyseCalendar } from '../../../../src-main/exchange/market/calendar.js';
import { nyIso, nyTime } from '../../../../src-main/exchange/market/ny-time.js';
import { CONTRACT_DIR } from '../../../support/contract.js';

const contract = join(CONTRACT_DIR, 'trading');
const hhmm = (t: number): string => nyIso(t).slice(11, 16);

describe('NYSE calendar', () => {
  const calendar = new NyseCalendar();

  it('matches the recorded calendar days', () => {
    const recorded = JSON.parse(readFileSync(`${contract}/calendar.json`, 'utf8')) as {
      date: string;
      open: string;
      close: string;
      session_open: string;
      session_close: string;
    }[];
    const first = recorded[0]?.date as string;
    const last = recorded[recorded.length - 1]?.date as string;
    const sessions = calendar.sessions(first, last);
    expect(sessions.map((s) => s.date)).toEqual(recorded.map((r) => r.date));
    for (const [i, s] of sessions.entries()) {
      const r = recorded[i];
      expect(hhmm(s.open)).toBe(r?.open);
      expect(hhmm(s.close)).toBe(r?.close);
      expect(hhmm(s.sessionOpen).replace(':', '')).toBe(r?.session_open);
      expect(hhmm(s.sessionClose).replace(':', '')).toBe(r?.session_close);
    }
  });

  it('matches the recorded clock', () => {
    const clock = JSON.parse(readFileSync(`${contract}/clock.json`, 'utf8')) as {
      timestamp: string;
      is_open: boolean;
      next_open: string;
      next_close: string;
    };
    const t = Date.parse(clock.timestamp);
    expect(calendar.isRegularHours(t)).toBe(clock.is_open);
    expect(nyIso(calendar.nextOpen(t))).toBe(clock.next_open);
    expect(nyIso(calendar.nextClose(t))).toBe(clock.next_close);
  });

  it('knows the holidays and their observed dates', () => {
    const closed = [
      '2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02',
      '2024-11-28', '2024-12-25', '2021-12-24', '2022-06-20', '2022-01-17', '2023-01-02', '2020-07-03', '2026-07-03',
    ];
    for (const date of closed) expect(calendar.session(date), date).toBeUndefined();
    // New Year 2022 fell on a Saturday: Friday 2021-12-31 stays open.
    expect(calendar.session('2021-12-31')).toBeDefined();
    expect(calendar.sessions('2024-01-01', '2024-12-31')).toHaveLength(252);
  });

  it('closes early at 13:00 on the usual days', () => {
    for (const date of ['2024-07-03', '2024-11-29', '2024-12-24', '2023-11-24', '2025-07-03']) {
      const s = calendar.session(date);
      expect(s && hhmm(s.close), date).toBe('13:00');
    }
    const s = calendar.session('2024-07-05');
    expect(s && hhmm(s.close)).toBe('16:00');
  });

  it('handles daylight saving time', () => {
    expect(new Date(nyTime('2024-01-03', 9, 30)).toISOString()).toBe('2024-01-03T14:30:00.000Z');
    expect(new Date(nyTime('2024-07-03', 9, 30)).toISOString()).toBe('2024-07-03T13:30:00.000Z');
    expect(new Date(nyTime('2024-03-11', 4)).toISOString()).toBe('2024-03-11T08:00:00.000Z');
    expect(new Date(nyTime('2024-11-04', 4)).toISOString()).toBe('2024-11-04T09:00:00.000Z');
    const t = nyTime('2024-03-08', 17);
    expect(calendar.isExtendedHours(t)).toBe(true);
    expect(new Date(calendar.nextOpen(t)).toISOString()).toBe('2024-03-11T13:30:00.000Z');
  });
});
