import { describe, expect, it } from 'vitest';
import { demoStartTime, latestRegularOpen } from '../../../src-main/exchange/demo-clock.js';

// 2026-11-20 is a Friday, 2026-11-26 Thanksgiving (closed); New York is on EST (UTC-5) in late November.
const ny = (iso: string) => Date.parse(`${iso}-05:00`);

describe('demo clock start', () => {
  it('keeps wall time during a trading day, pre-market to after-hours', () => {
    expect(demoStartTime(ny('2026-11-20T04:00:00'))).toBeUndefined();
    expect(demoStartTime(ny('2026-11-20T11:15:00'))).toBeUndefined();
    expect(demoStartTime(ny('2026-11-20T19:59:59'))).toBeUndefined();
  });

  it('starts at the latest regular open when the market is shut', () => {
    expect(demoStartTime(ny('2026-11-20T20:00:00'))).toBe(ny('2026-11-20T09:30:00'));
    expect(demoStartTime(ny('2026-11-21T12:00:00'))).toBe(ny('2026-11-20T09:30:00'));
    expect(demoStartTime(ny('2026-11-23T03:59:00'))).toBe(ny('2026-11-20T09:30:00'));
    expect(demoStartTime(ny('2026-11-26T10:00:00'))).toBe(ny('2026-11-25T09:30:00'));
  });

  it('the latest regular open at any hour (WORKSTATION_DEMO_CLOCK=simulated): pre-market uses the previous session', () => {
    expect(latestRegularOpen(ny('2026-11-20T04:30:00'))).toBe(ny('2026-11-19T09:30:00'));
    expect(latestRegularOpen(ny('2026-11-20T09:29:59'))).toBe(ny('2026-11-19T09:30:00'));
    expect(latestRegularOpen(ny('2026-11-20T09:30:00'))).toBe(ny('2026-11-20T09:30:00'));
    expect(latestRegularOpen(ny('2026-11-20T18:00:00'))).toBe(ny('2026-11-20T09:30:00'));
    expect(latestRegularOpen(ny('2026-11-23T08:00:00'))).toBe(ny('2026-11-20T09:30:00'));
  });
});
