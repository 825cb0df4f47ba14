import { describe, expect, it } from 'vitest';
import { marketClockOf } from '../../../src-main/services/market-clock.js';

const at = (iso: string): number => Date.parse(iso);
const reading = (iso: string, isOpen: boolean) => ({ now: at(iso), isOpen, nextOpen: at('2024-03-07T14:30:00Z'), nextClose: at('2024-03-06T21:00:00Z') });

describe('the market clock of the status bar', () => {
  it('names the session of the exchange clock: pre-market, open, after hours, closed', () => {
    const wall = at('2024-03-06T15:00:00Z');
    expect(marketClockOf(reading('2024-03-06T15:00:00Z', true), wall)).toMatchObject({ session: 'regular', simulated: false, source: 'broker' });
    expect(marketClockOf(reading('2024-03-06T12:00:00Z', false), wall).session).toBe('pre');
    expect(marketClockOf(reading('2024-03-06T22:00:00Z', false), wall).session).toBe('post');
    expect(marketClockOf(reading('2024-03-09T15:00:00Z', false), wall).session).toBe('closed');
    // Thanksgiving: no session at all, whatever the hour.
    expect(marketClockOf(reading('2023-11-23T22:00:00Z', false), wall).session).toBe('closed');
  });

  it('says when the exchange clock is simulated (demo replaying a trading day), not for a few seconds of skew', () => {
    const clock = marketClockOf(reading('2024-03-06T15:00:00Z', true), at('2026-12-02T07:00:00Z'));
    expect(clock).toMatchObject({ simulated: true, now: at('2024-03-06T15:00:00Z'), wallNow: at('2026-12-02T07:00:00Z') });
    expect(marketClockOf(reading('2024-03-06T15:00:05Z', true), at('2024-03-06T15:00:00Z')).simulated).toBe(false);
  });

  it('before the first reading: the wall clock and the NYSE calendar', () => {
    expect(marketClockOf(undefined, at('2024-03-06T15:00:00Z'))).toEqual({ now: at('2024-03-06T15:00:00Z'), wallNow: at('2024-03-06T15:00:00Z'), simulated: false, session: 'regular', nextOpen: null, nextClose: null, source: 'calendar' });
    expect(marketClockOf(undefined, at('2024-03-06T23:30:00Z')).session).toBe('post');
  });
});
