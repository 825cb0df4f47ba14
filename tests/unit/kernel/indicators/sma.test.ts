import { describe, expect, it } from 'vitest';
import { SMA } from 'technicalindicators';
import { Sma, smaBatch } from '../../../../src-main/kernel/indicators/sma.js';
import { ExactSum } from '../../../../src-main/kernel/indicators/exact-sum.js';
import { DAILY_FILES, compareTail, loadDaily } from './series.js';

describe('Sma', () => {
  it('is NaN until the window is full, then the mean of the window', () => {
    const sma = new Sma(3);
    expect(sma.update(1)).toBeNaN();
    expect(sma.ready).toBe(false);
    expect(sma.update(2)).toBeNaN();
    expect(sma.update(6)).toBe(3);
    expect(sma.ready).toBe(true);
    expect(sma.update(10)).toBe(6);
    sma.reset();
    expect(sma.ready).toBe(false);
    expect(sma.update(5)).toBeNaN();
  });

  it('gives bit-identical values for equal windows on a long series where a running sum drifts', () => {
    const period = 50;
    // A window of awkward decimals (none exact in binary), repeated after a long noisy stretch of mixed magnitudes.
    const window = Float64Array.from({ length: period }, (_, i) => 100 + ((i * 7919) % 1000) / 1000 + 0.1);
    const n = 200_000;
    const series = new Float64Array(n + 2 * period);
    series.set(window, 0);
    let seed = 12345;
    for (let i = period; i < n + period; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      series[i] = (seed / 2147483648) * 10 ** ((seed % 7) - 2) + 0.1;
    }
    series.set(window, n + period);
    const last = series.length - 1;

    const exact = smaBatch(series, period);
    expect(Object.is(exact[period - 1], exact[last])).toBe(true);

    // The naive running sum does not keep that property on the same series: this is what the exact sum fixes.
    let sum = 0;
    const naive = new Float64Array(series.length);
    for (let i = 0; i < series.length; i++) {
      sum += series[i]!;
      if (i >= period) sum -= series[i - period]!;
      naive[i] = sum / period;
    }
    expect(naive[last]).not.toBe(naive[period - 1]);
    // And the exact value is the correctly rounded mean: the same as summing the window from scratch exactly.
    const direct = new ExactSum();
    for (const x of window) direct.add(x);
    expect(exact[last]).toBe(direct.value() / period);
  });

  it('returns NaN while a non-finite value is in the window and recovers after it leaves', () => {
    const sma = new Sma(2);
    sma.update(1);
    expect(sma.update(NaN)).toBeNaN();
    expect(sma.update(3)).toBeNaN();
    expect(sma.update(5)).toBe(4);
  });

  it.each(DAILY_FILES)('matches technicalindicators SMA on %s to 1e-9', (file) => {
    const { close } = loadDaily(file);
    for (const period of [5, 20, 200]) {
      const theirs = SMA.calculate({ period, values: Array.from(close) });
      expect(compareTail(smaBatch(close, period), theirs, 1e-9, `${file} SMA(${period})`)).toBe(close.length - period + 1);
    }
  });

  it('rejects a period that is not a whole positive number with a clear message', () => {
    expect(() => new Sma(0)).toThrow(/SMA period must be a whole number/);
    expect(() => new Sma(2.5)).toThrow(/SMA period/);
  });
});
