import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { alertCondition } from '../../../src-shared/ipc/alerts-schemas.js';
import { IndicatorCrossing, resolveIndicatorCondition, type IndicatorCondition } from '../../../src-main/alerts/indicator-crossing.js';
import { IndicatorParamError } from '../../../src-main/kernel/indicators/validate.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 2, 6, 15, 0);
const bar = (i: number, c: number): Bar => ({ t: T0 + i * MIN, o: c, h: c, l: c, c, v: 100 });
const condition = (over: Partial<IndicatorCondition> = {}): IndicatorCondition =>
  alertCondition.parse({ kind: 'indicator', symbol: 'spy', timeframe: '1Min', indicator: 'SMA', params: { period: 2 }, direction: 'crosses-above', level: 10, ...over }) as IndicatorCondition;

describe('indicator alert conditions', () => {
  it('parse with defaults and check against the registry, in words', () => {
    const c = condition({ params: {} as Record<string, number> });
    expect(c).toMatchObject({ symbol: 'SPY', indicator: 'sma' });
    expect(resolveIndicatorCondition(condition({ indicator: 'rsi', params: { period: 14 } }))).toMatchObject({ label: 'RSI(14)', output: 'rsi' });
    expect(resolveIndicatorCondition(condition({ indicator: 'macd', params: {}, output: 'signal' })).label).toBe('MACD(12,26,9).signal');
    expect(() => resolveIndicatorCondition(condition({ output: 'upper' }))).toThrow(/has no output "upper"/);
    expect(() => resolveIndicatorCondition(condition({ indicator: 'beta' }))).toThrow(IndicatorParamError);
    expect(() => resolveIndicatorCondition(condition({ indicator: 'nope' }))).toThrow();
    expect(() => resolveIndicatorCondition(condition({ params: { period: 0 } }))).toThrow(IndicatorParamError);
    expect(alertCondition.safeParse({ kind: 'indicator', symbol: 'SPY', timeframe: '2Min', indicator: 'rsi', direction: 'crosses-above', level: 70 }).success).toBe(false);
  });

  it('fires once per crossing on completed bars, never on warm-up history', () => {
    const crossing = new IndicatorCrossing(condition());
    // History crosses 10 (SMA 8 → 11) but warm-up never fires; its last bar (t=3) may still be forming.
    crossing.warmUp([bar(0, 8), bar(1, 8), bar(2, 12), bar(3, 9)]);
    // t=3 completes (SMA(2) of 12, 9 = 10.5, above already): no crossing, it was above after t=2.
    expect(crossing.bar(bar(4, 8), false)).toBeUndefined();
    expect(crossing.value).toBe(10.5);
    // t=4 forms at 8 then 14; completes when t=5 begins: SMA(9, 14) = 11.5, previous 10.5 → still above, no fire.
    expect(crossing.bar(bar(4, 14), false)).toBeUndefined();
    expect(crossing.bar(bar(5, 4), false)).toBeUndefined();
    expect(crossing.value).toBe(11.5);
    // t=5 completes at 4: SMA(14, 4) = 9 → below. t=6 complete at 20: SMA(4, 20) = 12 → crosses above: fires.
    expect(crossing.bar(bar(6, 20), true)).toEqual({ barT: T0 + 6 * MIN, value: 12, previous: 9 });
    // The same bar again (a duplicate or a late correction) does not fire twice; staying above does not fire.
    expect(crossing.bar(bar(6, 20), true)).toBeUndefined();
    expect(crossing.bar(bar(7, 20), true)).toBeUndefined();
    // Back below, then above again: a second crossing, a second firing.
    expect(crossing.bar(bar(8, 0), true)).toBeUndefined();
    expect(crossing.bar(bar(9, 0), true)).toBeUndefined();
    expect(crossing.bar(bar(10, 30), true)).toEqual({ barT: T0 + 10 * MIN, value: 15, previous: 0 });
  });

  it('crosses below, and a level exactly touched counts as crossed', () => {
    const crossing = new IndicatorCrossing(condition({ direction: 'crosses-below', level: 10 }));
    crossing.warmUp([bar(0, 12), bar(1, 12)]);
    expect(crossing.bar(bar(2, 8), true)).toEqual({ barT: T0 + 2 * MIN, value: 10, previous: 12 });
    expect(crossing.bar(bar(3, 8), true)).toBeUndefined();
  });

  it('does not fire before the indicator is warm', () => {
    const crossing = new IndicatorCrossing(condition({ params: { period: 3 } }));
    expect(crossing.bar(bar(0, 0), true)).toBeUndefined();
    expect(crossing.bar(bar(1, 30), true)).toBeUndefined();
    expect(crossing.bar(bar(2, 30), true)).toBeUndefined(); // first value (20): no previous to cross from
    expect(crossing.value).toBe(20);
  });
});
