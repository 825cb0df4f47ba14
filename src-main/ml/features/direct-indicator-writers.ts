import type { Bar } from '../../../src-shared/domain/bar.js';
import { Adx } from '../../kernel/indicators/adx.js';
import { Atr } from '../../kernel/indicators/atr.js';
import { Bollinger } from '../../kernel/indicators/bollinger.js';
import { Macd } from '../../kernel/indicators/macd.js';
import { Rsi } from '../../kernel/indicators/rsi.js';
import { Sma } from '../../kernel/indicators/sma.js';
import { ZScore } from '../../kernel/indicators/stddev.js';
import { Stochastic } from '../../kernel/indicators/stochastic.js';
import { checkPeriod, checkPositive } from '../../kernel/indicators/validate.js';
import type { FeatureWriter } from './feature.js';
import type { SharedWindows } from './shared-moments.js';

/** How a line is made price-free (indicator-features.ts): 0 close / line - 1, 1 line / close, 2 line / 100, 3 as is. */
export type ScaleCode = 0 | 1 | 2 | 3;

function scaled(code: ScaleCode, x: number, close: number): number {
  return code === 0 ? close / x - 1 : code === 1 ? x / close : code === 2 ? x / 100 : x;
}

/**
 * Writers for the indicators of the shipped model's feature set that call the indicator class itself, each from
 * its own function: the registry's uniform face (createIndicator) goes through three calls per bar that see every
 * indicator kind, which the engine cannot inline. Same classes, same parameters and the same scaling expressions
 * as the generic path, so the same numbers (a test compares both on real data, every line, every bar). Undefined
 * for the other indicators and lines: they keep the generic path. With `shared`, the z-score and the Bollinger band
 * read the pipeline's one window of closes (shared-moments.ts) with the classes' expressions (a test compares them).
 */
export function directIndicatorWriter(id: string, p: Readonly<Record<string, number>>, line: string, code: ScaleCode, shared?: SharedWindows): FeatureWriter | undefined {
  switch (id) {
    case 'sma': {
      const x = new Sma(p.period!);
      return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
        x.update(bar.c);
        out[at] = scaled(code, x.value, bar.c);
      };
    }
    case 'rsi': {
      const x = new Rsi(p.period!);
      return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
        x.update(bar.c);
        out[at] = scaled(code, x.value, bar.c);
      };
    }
    case 'atr': {
      const x = new Atr(p.period!);
      return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
        x.update(bar.h, bar.l, bar.c);
        out[at] = scaled(code, x.value, bar.c);
      };
    }
    case 'zscore': {
      if (shared !== undefined) {
        checkPeriod('Z-score period', p.period!, 2);
        const m = shared.closes(p.period!);
        // ZScore.push's expression, written out: a helper taking three numbers, when not inlined, boxes each.
        return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
          m.push(bar.c);
          const sd = Math.sqrt(m.variance);
          out[at] = scaled(code, m.valid ? (sd > 0 ? (bar.c - m.mean) / sd : 0) : NaN, bar.c);
        };
      }
      const x = new ZScore(p.period!);
      return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
        x.push(bar.c);
        out[at] = scaled(code, x.value, bar.c);
      };
    }
    case 'bollinger': {
      if (line === 'lower' && shared !== undefined) {
        checkPeriod('Bollinger period', p.period!, 2);
        checkPositive('Bollinger width (standard deviations)', p.k!);
        const m = shared.closes(p.period!);
        const k = p.k!;
        // Bollinger.push's lower band, written out (see the z-score above).
        return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
          m.push(bar.c);
          out[at] = scaled(code, m.valid ? m.mean - k * Math.sqrt(m.variance) : NaN, bar.c);
        };
      }
      const x = new Bollinger(p.period!, p.k!);
      if (line === 'lower') {
        return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
          x.push(bar.c);
          out[at] = scaled(code, x.lower, bar.c);
        };
      }
      return undefined;
    }
    case 'macd': {
      const x = new Macd(p.fast!, p.slow!, p.signal!);
      if (line === 'histogram') {
        return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
          x.push(bar.c);
          out[at] = scaled(code, x.histogram, bar.c);
        };
      }
      return undefined;
    }
    case 'stochastic': {
      if (line === 'k') {
        // %K alone: the %D average (an SMA of %K that nothing here reads) is left out.
        const x = new Stochastic(p.period!, p.signal!, p.smooth!, { d: false });
        return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
          x.push(bar.h, bar.l, bar.c);
          out[at] = scaled(code, x.value, bar.c);
        };
      }
      return undefined;
    }
    case 'adx': {
      const x = new Adx(p.period!);
      if (line === 'adx') {
        return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
          x.update(bar.h, bar.l, bar.c);
          out[at] = scaled(code, x.value, bar.c);
        };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
