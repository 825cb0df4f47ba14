import { createIndicator, indicatorMeta, resolveParams } from '../../kernel/indicators/registry.js';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { directIndicatorWriter, type ScaleCode } from './direct-indicator-writers.js';
import { featureInto, type FeatureDef } from './feature.js';

/**
 * Features from the indicator library (src-main/kernel/indicators), made comparable across price levels: a price
 * line becomes close / line - 1, a price distance (ATR, MACD, standard deviation) is divided by the close, a 0..100
 * oscillator is divided by 100. Pair indicators (correlation, beta) need a second symbol and cumulative ones (OBV,
 * VWAP) depend on where the history starts, so neither is offered here.
 */
type Scale = 'vs-close' | 'per-close' | 'percent' | 'raw';

const SCALE: Record<string, Scale> = {
  sma: 'vs-close', ema: 'vs-close', wma: 'vs-close', bollinger: 'vs-close', keltner: 'vs-close', donchian: 'vs-close',
  atr: 'per-close', macd: 'per-close', stddev: 'per-close',
  rsi: 'percent', stochastic: 'percent', adx: 'percent', cci: 'percent', roc: 'percent',
  zscore: 'raw',
};

/** Indicator ids a feature may use. */
export const FEATURE_INDICATORS: readonly string[] = Object.keys(SCALE);

/** Bars before the first value of one indicator line (its warm-up), from the indicator's definition. */
export function indicatorLookback(id: string, p: Readonly<Record<string, number>>, line: string): number {
  switch (id) {
    case 'sma': case 'ema': case 'wma': case 'bollinger': case 'donchian': case 'stddev': case 'zscore': case 'cci':
      return p.period! - 1;
    case 'rsi': case 'roc': case 'atr':
      return p.period!;
    case 'keltner':
      return Math.max(p.emaPeriod! - 1, p.atrPeriod!);
    case 'macd':
      return line === 'macd' ? p.slow! - 1 : p.slow! + p.signal! - 2;
    case 'stochastic':
      return p.period! + p.smooth! - 2 + (line === 'd' ? p.signal! - 1 : 0);
    case 'adx':
      return line === 'adx' ? 2 * p.period! - 1 : p.period!;
    default:
      throw new Error(`no feature scaling is defined for indicator "${id}"`);
  }
}

/** One line of one indicator as a feature, named `<id>_<param values>_<line>` (e.g. rsi_14_rsi, macd_12_26_9_signal). */
export function indicatorFeature(id: string, given: Readonly<Record<string, number>> = {}, line?: string): FeatureDef {
  const scale = SCALE[id];
  if (!scale) throw new Error(`indicator "${id}" cannot be a feature; usable: ${FEATURE_INDICATORS.join(', ')}`);
  const meta = indicatorMeta(id);
  const params = resolveParams(id, given);
  const output = line ?? meta.outputs[0]!;
  if (!meta.outputs.includes(output)) throw new Error(`${meta.name} has no line "${output}"; it has ${meta.outputs.join(', ')}`);
  const name = [id, ...meta.params.map((s) => String(params[s.name])), output].join('_');
  const how = scale === 'vs-close' ? 'close over the line, minus 1' : scale === 'per-close' ? 'over the close' : scale === 'percent' ? 'over 100' : 'as is';
  const code: ScaleCode = scale === 'vs-close' ? 0 : scale === 'per-close' ? 1 : scale === 'percent' ? 2 : 3;
  return featureInto(name, indicatorLookback(id, params, output), `${meta.name} (${output}) ${how}`, (_context, shared) => {
    // The shipped model's indicators through their classes directly (inlinable); the others through the registry.
    const direct = directIndicatorWriter(id, params, output, code, shared);
    if (direct) return direct;
    const ind = createIndicator(id, params);
    // The output's copier is looked up once and the scaling chosen once: this runs every bar of every symbol, and
    // the value goes from the indicator to the row without being boxed.
    const copy = ind.copier(output);
    // The bar goes to the indicator as it is (it reads h, l, c, v and keeps none of it).
    const feed = (bar: Readonly<Bar>): void => {
      ind.update(bar);
    };
    switch (scale) {
      case 'vs-close':
        return (bar, out, at) => {
          feed(bar);
          copy(out, at);
          out[at] = bar.c / out[at]! - 1;
        };
      case 'per-close':
        return (bar, out, at) => {
          feed(bar);
          copy(out, at);
          out[at] = out[at]! / bar.c;
        };
      case 'percent':
        return (bar, out, at) => {
          feed(bar);
          copy(out, at);
          out[at] = out[at]! / 100;
        };
      default:
        return (bar, out, at) => {
          feed(bar);
          copy(out, at);
        };
    }
  });
}

/** Every line of every usable indicator at its default parameters. */
export function allIndicatorFeatures(): FeatureDef[] {
  return FEATURE_INDICATORS.flatMap((id) => indicatorMeta(id).outputs.map((line) => indicatorFeature(id, {}, line)));
}
