import { describe, expect, it } from 'vitest';
import { intlParts, nyOffsetMinutes, nyParts } from '../../../../src-main/exchange/market/ny-time.js';

const HOUR = 3_600_000;

describe('New York time parts (one Intl call per UTC hour)', () => {
  it('equals the tz database at every second around the DST changes of 2024 and 1974 (year-round DST)', () => {
    // 2024-03-10 07:00 UTC (spring forward), 2024-11-03 06:00 UTC (fall back); 1974-01-06 07:00 UTC (the energy-crisis
    // DST start in January).
    for (const change of [Date.UTC(2024, 2, 10, 7), Date.UTC(2024, 10, 3, 6), Date.UTC(1974, 0, 6, 7)]) {
      for (let t = change - 2 * HOUR; t <= change + 2 * HOUR; t += 1000) expect(nyParts(t)).toEqual(intlParts(t));
    }
  });

  it('equals the tz database at random instants from 1890 to 2060, milliseconds included', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const from = Date.UTC(1890, 0, 1);
    const span = Date.UTC(2060, 0, 1) - from;
    for (let i = 0; i < 20_000; i++) {
      const t = from + Math.floor(next() * span);
      expect(nyParts(t)).toEqual(intlParts(t));
    }
  });

  it('gives the offsets of summer and winter', () => {
    expect(nyOffsetMinutes(Date.UTC(2024, 6, 1, 15))).toBe(-240);
    expect(nyOffsetMinutes(Date.UTC(2024, 0, 2, 15))).toBe(-300);
  });
});
