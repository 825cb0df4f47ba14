// Each indicator against an independent implementation on real daily prices, to 1e-9 relative.
// Convention alignments (ours follows TA-Lib; each reference is picked where its convention is the same):
// - EMA/MACD/Keltner: technicalindicators seeds the EMA with the SMA of the first `period` values, as we do.
// - RSI: compared with trading-signals (SMA-seeded Wilder averages, unrounded); technicalindicators rounds RSI to
//   2 decimals, so it cannot be used at 1e-9.
// - ATR/ADX/Keltner: technicalindicators (first bar has no true range), not trading-signals (high-low on bar 0).
// - Z-score, correlation and beta have no reference in either package; the test computes them two-pass per window.
// References return only their warm values; compareTail lines them up with our aligned, NaN-padded series.
import { describe, expect, it } from 'vitest';
import {
  ADX, ATR, BollingerBands, CCI, EMA, KeltnerChannels, MACD, OBV, ROC, SD, Stochastic, VWAP, WMA,
} from 'technicalindicators';
import { DonchianChannels, RSI } from 'trading-signals';
import {
  adxBatch, atrBatch, betaBatch, bollingerBatch, cciBatch, correlationBatch, donchianBatch, emaBatch, keltnerBatch,
  macdBatch, obvBatch, rocBatch, rsiBatch, stdDevBatch, stochasticBatch, vwapBatch, wmaBatch, zScoreBatch,
} from '../../../../src-main/kernel/indicators/index.js';
import { DAILY_FILES, compareTail, loadDaily, type Ohlcv } from './series.js';

const data: Ohlcv[] = DAILY_FILES.map(loadDaily);
const arr = (a: Float64Array): number[] => Array.from(a);
const defined = <T,>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);

describe.each(data)('indicators on $file', (d) => {
  const n = d.close.length;
  const hlc = { high: arr(d.high), low: arr(d.low), close: arr(d.close) };

  it('EMA matches technicalindicators', () => {
    for (const period of [10, 50]) {
      const theirs = EMA.calculate({ period, values: hlc.close });
      expect(compareTail(emaBatch(d.close, period), theirs, 1e-9, `EMA(${period})`)).toBe(n - period + 1);
    }
  });

  it('WMA matches technicalindicators', () => {
    const theirs = WMA.calculate({ period: 20, values: hlc.close });
    expect(compareTail(wmaBatch(d.close, 20), theirs, 1e-9, 'WMA')).toBe(n - 19);
  });

  it('RSI (Wilder) matches trading-signals', () => {
    const ref = new RSI(14);
    const theirs = defined(hlc.close.map((c) => ref.update(c, false) ?? undefined));
    expect(compareTail(rsiBatch(d.close, 14), theirs, 1e-9, 'RSI')).toBe(n - 14);
  });

  it('MACD matches technicalindicators', () => {
    const theirs = MACD.calculate({
      values: hlc.close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false,
    });
    const ours = macdBatch(d.close, 12, 26, 9);
    expect(compareTail(ours.macd, theirs.map((r) => r.MACD!), 1e-9, 'MACD')).toBe(n - 25);
    expect(compareTail(ours.signal, defined(theirs.map((r) => r.signal)), 1e-9, 'MACD signal')).toBe(n - 33);
    // The histogram is a difference of two close numbers, so compare it against the price scale, not itself.
    const hist = defined(theirs.map((r) => r.histogram));
    hist.forEach((h, i) => expect(Math.abs(ours.histogram[n - hist.length + i]! - h)).toBeLessThan(1e-9 * d.close[n - hist.length + i]!));
  });

  it('Bollinger bands match technicalindicators', () => {
    const theirs = BollingerBands.calculate({ period: 20, stdDev: 2, values: hlc.close });
    const ours = bollingerBatch(d.close, 20, 2);
    expect(compareTail(ours.middle, theirs.map((r) => r.middle), 1e-9, 'BB middle')).toBe(n - 19);
    compareTail(ours.upper, theirs.map((r) => r.upper), 1e-9, 'BB upper');
    compareTail(ours.lower, theirs.map((r) => r.lower), 1e-9, 'BB lower');
  });

  it('standard deviation matches technicalindicators SD', () => {
    const theirs = SD.calculate({ period: 20, values: hlc.close });
    expect(compareTail(stdDevBatch(d.close, 20), theirs, 1e-9, 'SD')).toBe(n - 19);
  });

  it('ATR matches technicalindicators', () => {
    const theirs = ATR.calculate({ ...hlc, period: 14 });
    expect(compareTail(atrBatch(d.high, d.low, d.close, 14), theirs, 1e-9, 'ATR')).toBe(n - 14);
  });

  it('ADX, +DI, -DI match technicalindicators', () => {
    const theirs = ADX.calculate({ ...hlc, period: 14 });
    const ours = adxBatch(d.high, d.low, d.close, 14);
    expect(compareTail(ours.adx, theirs.map((r) => r.adx), 1e-9, 'ADX')).toBe(n - 27);
    compareTail(ours.plusDi, theirs.map((r) => r.pdi), 1e-9, '+DI');
    compareTail(ours.minusDi, theirs.map((r) => r.mdi), 1e-9, '-DI');
  });

  it('stochastic matches technicalindicators', () => {
    const theirs = Stochastic.calculate({ ...hlc, period: 14, signalPeriod: 3 });
    const ours = stochasticBatch(d.high, d.low, d.close, 14, 3);
    expect(compareTail(ours.k, theirs.map((r) => r.k), 1e-9, '%K')).toBe(n - 13);
    expect(compareTail(ours.d, defined(theirs.map((r) => r.d)), 1e-9, '%D')).toBe(n - 15);
  });

  it('OBV matches technicalindicators (which starts one bar later, at 0)', () => {
    const theirs = OBV.calculate({ close: hlc.close, volume: arr(d.volume) });
    expect(compareTail(obvBatch(d.close, d.volume), theirs, 1e-9, 'OBV')).toBeGreaterThan(n - 2);
  });

  it('VWAP matches technicalindicators', () => {
    const theirs = VWAP.calculate({ ...hlc, volume: arr(d.volume) });
    expect(compareTail(vwapBatch(d.high, d.low, d.close, d.volume), theirs, 1e-9, 'VWAP')).toBe(n);
  });

  it('CCI matches technicalindicators', () => {
    const theirs = CCI.calculate({ ...hlc, period: 20 });
    // CCI crosses zero where it is a difference of nearly equal prices; measure it against 1 CCI point there.
    expect(compareTail(cciBatch(d.high, d.low, d.close, 20), theirs, 1e-9, 'CCI', 1)).toBe(n - 19);
  });

  it('ROC matches technicalindicators', () => {
    const theirs = ROC.calculate({ period: 12, values: hlc.close });
    expect(compareTail(rocBatch(d.close, 12), theirs, 1e-9, 'ROC')).toBe(n - 12);
  });

  it('Donchian channel matches trading-signals', () => {
    const ref = new DonchianChannels(20);
    const theirs = defined(hlc.close.map((_, i) => ref.update({ high: hlc.high[i]!, low: hlc.low[i]! }, false) ?? undefined));
    const ours = donchianBatch(d.high, d.low, 20);
    expect(compareTail(ours.upper, theirs.map((r) => r.upper), 0, 'DC upper')).toBe(n - 19);
    compareTail(ours.lower, theirs.map((r) => r.lower), 0, 'DC lower');
    compareTail(ours.middle, theirs.map((r) => r.middle), 1e-9, 'DC middle');
  });

  it('Keltner channel matches technicalindicators (EMA middle)', () => {
    const theirs = KeltnerChannels.calculate({ ...hlc, maPeriod: 20, atrPeriod: 10, useSMA: false, multiplier: 2 });
    const ours = keltnerBatch(d.high, d.low, d.close, 20, 10, 2);
    expect(compareTail(ours.middle, theirs.map((r) => r.middle), 1e-9, 'KC middle')).toBe(n - 19);
    compareTail(ours.upper, theirs.map((r) => r.upper), 1e-9, 'KC upper');
    compareTail(ours.lower, theirs.map((r) => r.lower), 1e-9, 'KC lower');
  });

  it('z-score matches a two-pass computation per window', () => {
    const period = 20;
    const ours = zScoreBatch(d.close, period);
    const theirs: number[] = [];
    for (let end = period; end <= n; end++) {
      const w = d.close.subarray(end - period, end);
      const mean = w.reduce((a, b) => a + b, 0) / period;
      const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / period);
      theirs.push((w[period - 1]! - mean) / sd);
    }
    // A z-score near 0 is a difference of close numbers: compare it on the scale of the window's spread.
    theirs.forEach((z, i) => expect(Math.abs(ours[period - 1 + i]! - z)).toBeLessThan(1e-9 * Math.max(1, Math.abs(z))));
  });
});

describe('correlation and beta on real daily returns', () => {
  // NVDA against ORCL daily close-to-close returns on the dates both traded.
  const nvda = loadDaily('nvda-1999-2014.txt');
  const orcl = loadDaily('orcl-1995-2014.txt');
  const offset = orcl.close.length - nvda.close.length; // both files end on the same date
  const ret = (c: Float64Array, from: number, len: number): Float64Array =>
    Float64Array.from({ length: len - 1 }, (_, i) => c[from + i + 1]! / c[from + i]! - 1);

  it('the two files hold the same sessions over NVDA\'s span (so index alignment is date alignment)', () => {
    expect(offset).toBeGreaterThan(0);
    expect(Array.from(orcl.time.subarray(offset))).toEqual(Array.from(nvda.time));
  });

  const x = ret(nvda.close, 0, nvda.close.length);
  const y = ret(orcl.close, offset, nvda.close.length);

  it.each([20, 60])('rolling correlation and beta (period %i) match a two-pass computation per window', (period) => {
    const corr = correlationBatch(x, y, period);
    const beta = betaBatch(x, y, period);
    let compared = 0;
    for (let end = period; end <= x.length; end++) {
      const wx = x.subarray(end - period, end);
      const wy = y.subarray(end - period, end);
      const mx = wx.reduce((a, b) => a + b, 0) / period;
      const my = wy.reduce((a, b) => a + b, 0) / period;
      let cov = 0;
      let vx = 0;
      let vy = 0;
      for (let i = 0; i < period; i++) {
        cov += (wx[i]! - mx) * (wy[i]! - my);
        vx += (wx[i]! - mx) ** 2;
        vy += (wy[i]! - my) ** 2;
      }
      const c = cov / Math.sqrt(vx * vy);
      const b = cov / vy;
      expect(Math.abs(corr[end - 1]! - c)).toBeLessThan(1e-9);
      expect(Math.abs(beta[end - 1]! - b) / Math.max(1, Math.abs(b))).toBeLessThan(1e-9);
      compared++;
    }
    expect(compared).toBe(x.length - period + 1);
  });
});
