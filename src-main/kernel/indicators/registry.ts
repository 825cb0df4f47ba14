import { Adx } from './adx.js';
import { Atr } from './atr.js';
import { Bollinger } from './bollinger.js';
import { Cci } from './cci.js';
import { Beta, Correlation } from './correlation.js';
import { Donchian } from './donchian.js';
import { Ema } from './ema.js';
import { Keltner } from './keltner.js';
import { Macd } from './macd.js';
import { Obv } from './obv.js';
import { Roc } from './roc.js';
import { Rsi } from './rsi.js';
import { Sma } from './sma.js';
import { StdDev, ZScore } from './stddev.js';
import { Stochastic } from './stochastic.js';
import { IndicatorParamError } from './validate.js';
import { Vwap } from './vwap.js';
import { Wma } from './wma.js';

/** What an indicator reads from each bar: the close, high/low/close, the full bar, or the close with a benchmark's. */
export type IndicatorInputs = 'close' | 'hlc' | 'hlcv' | 'pair';

export interface IndicatorParamSpec {
  name: string;
  label: string;
  /** 'int' parameters are whole numbers of bars. */
  kind: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  step: number;
}

export interface IndicatorMeta {
  id: string;
  name: string;
  params: IndicatorParamSpec[];
  inputs: IndicatorInputs;
  /** Output series names; the first is the indicator's main line. */
  outputs: string[];
  /** Drawn over the price candles, or in a pane of its own. */
  pane: 'overlay' | 'sub';
  /** Horizontal guide lines for a sub-pane (e.g. RSI 30/70). */
  levels?: number[];
}

/** One bar's inputs for an indicator; `benchmark` is the paired series' value for correlation and beta. */
export interface IndicatorBarInput {
  h: number;
  l: number;
  c: number;
  v: number;
  benchmark?: number;
}

/** A streaming indicator behind one uniform face, for code that picks indicators by id (GUI, strategy API). */
export interface BarIndicator {
  readonly meta: IndicatorMeta;
  /** Feeds one bar; returns the main output (NaN until warm). */
  update(bar: IndicatorBarInput): number;
  /** The current value of a named output. */
  read(output: string): number;
  /**
   * A copier of one named output into out[at], looked up once, for callers that read the same output every bar:
   * the value goes from the indicator's field into a typed array and is never boxed on the way.
   */
  copier(output: string): (out: Float64Array, at: number) => void;
  readonly ready: boolean;
  reset(): void;
}

const period = (def: number, label = 'Period', min = 1, max = 1000): IndicatorParamSpec => ({
  name: 'period', label, kind: 'int', default: def, min, max, step: 1,
});
const int = (name: string, label: string, def: number, min = 1, max = 1000): IndicatorParamSpec => ({
  name, label, kind: 'int', default: def, min, max, step: 1,
});
const float = (name: string, label: string, def: number, min: number, max: number, step: number): IndicatorParamSpec => ({
  name, label, kind: 'float', default: def, min, max, step,
});

export const INDICATORS: readonly IndicatorMeta[] = [
  { id: 'sma', name: 'Simple moving average', params: [period(20)], inputs: 'close', outputs: ['sma'], pane: 'overlay' },
  { id: 'ema', name: 'Exponential moving average', params: [period(20)], inputs: 'close', outputs: ['ema'], pane: 'overlay' },
  { id: 'wma', name: 'Weighted moving average', params: [period(20)], inputs: 'close', outputs: ['wma'], pane: 'overlay' },
  {
    id: 'bollinger', name: 'Bollinger bands',
    params: [period(20, 'Period', 2), float('k', 'Standard deviations', 2, 0.1, 10, 0.1)],
    inputs: 'close', outputs: ['middle', 'upper', 'lower'], pane: 'overlay',
  },
  {
    id: 'keltner', name: 'Keltner channel',
    params: [int('emaPeriod', 'EMA period', 20), int('atrPeriod', 'ATR period', 10), float('multiplier', 'ATR multiplier', 2, 0.1, 10, 0.1)],
    inputs: 'hlc', outputs: ['middle', 'upper', 'lower'], pane: 'overlay',
  },
  { id: 'donchian', name: 'Donchian channel', params: [period(20)], inputs: 'hlc', outputs: ['middle', 'upper', 'lower'], pane: 'overlay' },
  { id: 'vwap', name: 'VWAP (cumulative)', params: [], inputs: 'hlcv', outputs: ['vwap'], pane: 'overlay' },
  { id: 'rsi', name: 'Relative strength index (Wilder)', params: [period(14)], inputs: 'close', outputs: ['rsi'], pane: 'sub', levels: [30, 70] },
  {
    id: 'macd', name: 'MACD',
    params: [int('fast', 'Fast EMA', 12), int('slow', 'Slow EMA', 26), int('signal', 'Signal EMA', 9)],
    inputs: 'close', outputs: ['macd', 'signal', 'histogram'], pane: 'sub', levels: [0],
  },
  {
    id: 'stochastic', name: 'Stochastic oscillator',
    params: [period(14), int('signal', '%D period', 3), int('smooth', '%K smoothing', 1, 1, 100)],
    inputs: 'hlc', outputs: ['k', 'd'], pane: 'sub', levels: [20, 80],
  },
  { id: 'atr', name: 'Average true range', params: [period(14)], inputs: 'hlc', outputs: ['atr'], pane: 'sub' },
  { id: 'adx', name: 'Average directional index', params: [period(14)], inputs: 'hlc', outputs: ['adx', 'plusDi', 'minusDi'], pane: 'sub', levels: [25] },
  { id: 'cci', name: 'Commodity channel index', params: [period(20, 'Period', 2)], inputs: 'hlc', outputs: ['cci'], pane: 'sub', levels: [-100, 100] },
  { id: 'roc', name: 'Rate of change (%)', params: [period(12)], inputs: 'close', outputs: ['roc'], pane: 'sub', levels: [0] },
  { id: 'obv', name: 'On-balance volume', params: [], inputs: 'hlcv', outputs: ['obv'], pane: 'sub' },
  { id: 'stddev', name: 'Standard deviation', params: [period(20, 'Period', 2)], inputs: 'close', outputs: ['stddev'], pane: 'sub' },
  { id: 'zscore', name: 'Z-score', params: [period(20, 'Period', 2)], inputs: 'close', outputs: ['zscore'], pane: 'sub', levels: [-2, 0, 2] },
  { id: 'correlation', name: 'Rolling correlation', params: [period(20, 'Period', 2)], inputs: 'pair', outputs: ['correlation'], pane: 'sub', levels: [0] },
  { id: 'beta', name: 'Rolling beta', params: [period(60, 'Period', 2)], inputs: 'pair', outputs: ['beta'], pane: 'sub', levels: [1] },
];

const BY_ID = new Map(INDICATORS.map((m) => [m.id, m]));

export function indicatorMeta(id: string): IndicatorMeta {
  const meta = BY_ID.get(id);
  if (!meta) throw new IndicatorParamError(`Unknown indicator "${id}"; known: ${INDICATORS.map((m) => m.id).join(', ')}`);
  return meta;
}

/** Fills defaults and checks every parameter against the registry's ranges; unknown names are refused. */
export function resolveParams(id: string, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const meta = indicatorMeta(id);
  const known = new Set(meta.params.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) throw new IndicatorParamError(`${meta.name} has no parameter "${name}"`);
  }
  const out: Record<string, number> = {};
  for (const p of meta.params) {
    const v = given[p.name] ?? p.default;
    if (typeof v !== 'number' || !Number.isFinite(v) || (p.kind === 'int' && !Number.isInteger(v)) || v < p.min || v > p.max) {
      const what = p.kind === 'int' ? 'a whole number' : 'a number';
      throw new IndicatorParamError(`${meta.name}: ${p.label} must be ${what} from ${p.min} to ${p.max}, got ${String(v)}`);
    }
    out[p.name] = v;
  }
  if (id === 'macd' && out.fast! >= out.slow!) {
    throw new IndicatorParamError(`MACD: Fast EMA (${out.fast}) must be shorter than Slow EMA (${out.slow})`);
  }
  return out;
}

/** Per output, a copier of its current value into out[at] (a typed array: no number is boxed per bar). */
type Copiers = Record<string, (out: Float64Array, at: number) => void>;

function wrap(meta: IndicatorMeta, update: (b: IndicatorBarInput) => number, copiers: Copiers, readyFn: () => boolean, resetFn: () => void): BarIndicator {
  const scratch = new Float64Array(1);
  const copier = (output: string): ((out: Float64Array, at: number) => void) => {
    const c = copiers[output];
    if (!c) throw new IndicatorParamError(`${meta.name} has no output "${output}"; it has ${meta.outputs.join(', ')}`);
    return c;
  };
  return {
    meta,
    update,
    read(output: string): number {
      copier(output)(scratch, 0);
      return scratch[0]!;
    },
    copier,
    get ready() {
      return readyFn();
    },
    reset: resetFn,
  };
}

/** A streaming indicator by registry id, with parameters checked against the registry. */
export function createIndicator(id: string, given: Readonly<Record<string, number>> = {}): BarIndicator {
  const meta = indicatorMeta(id);
  const p = resolveParams(id, given);
  const single = (ind: { value: number; ready: boolean; reset(): void }, update: (b: IndicatorBarInput) => number): BarIndicator =>
    wrap(meta, update, { [meta.outputs[0]!]: (o, i) => { o[i] = ind.value; } }, () => ind.ready, () => ind.reset());
  const bands = (ind: { value: number; upper: number; lower: number; ready: boolean; reset(): void }, update: (b: IndicatorBarInput) => number): BarIndicator =>
    wrap(meta, update, { middle: (o, i) => { o[i] = ind.value; }, upper: (o, i) => { o[i] = ind.upper; }, lower: (o, i) => { o[i] = ind.lower; } }, () => ind.ready, () => ind.reset());
  switch (id) {
    case 'sma': { const x = new Sma(p.period!); return single(x, (b) => x.update(b.c)); }
    case 'ema': { const x = new Ema(p.period!); return single(x, (b) => x.update(b.c)); }
    case 'wma': { const x = new Wma(p.period!); return single(x, (b) => x.update(b.c)); }
    case 'rsi': { const x = new Rsi(p.period!); return single(x, (b) => x.update(b.c)); }
    case 'atr': { const x = new Atr(p.period!); return single(x, (b) => x.update(b.h, b.l, b.c)); }
    case 'cci': { const x = new Cci(p.period!); return single(x, (b) => x.update(b.h, b.l, b.c)); }
    case 'roc': { const x = new Roc(p.period!); return single(x, (b) => x.update(b.c)); }
    case 'obv': { const x = new Obv(); return single(x, (b) => x.update(b.c, b.v)); }
    case 'vwap': { const x = new Vwap(); return single(x, (b) => x.update(b.h, b.l, b.c, b.v)); }
    case 'stddev': { const x = new StdDev(p.period!); return single(x, (b) => x.update(b.c)); }
    case 'zscore': { const x = new ZScore(p.period!); return single(x, (b) => x.update(b.c)); }
    case 'correlation': { const x = new Correlation(p.period!); return single(x, (b) => x.update(b.c, b.benchmark ?? NaN)); }
    case 'beta': { const x = new Beta(p.period!); return single(x, (b) => x.update(b.c, b.benchmark ?? NaN)); }
    case 'bollinger': { const x = new Bollinger(p.period!, p.k!); return bands(x, (b) => x.update(b.c)); }
    case 'keltner': { const x = new Keltner(p.emaPeriod!, p.atrPeriod!, p.multiplier!); return bands(x, (b) => x.update(b.h, b.l, b.c)); }
    case 'donchian': { const x = new Donchian(p.period!); return bands(x, (b) => x.update(b.h, b.l)); }
    case 'macd': {
      const x = new Macd(p.fast!, p.slow!, p.signal!);
      return wrap(meta, (b) => x.update(b.c), { macd: (o, i) => { o[i] = x.value; }, signal: (o, i) => { o[i] = x.signal; }, histogram: (o, i) => { o[i] = x.histogram; } }, () => x.ready, () => x.reset());
    }
    case 'stochastic': {
      const x = new Stochastic(p.period!, p.signal!, p.smooth!);
      return wrap(meta, (b) => x.update(b.h, b.l, b.c), { k: (o, i) => { o[i] = x.value; }, d: (o, i) => { o[i] = x.d; } }, () => x.ready, () => x.reset());
    }
    case 'adx': {
      const x = new Adx(p.period!);
      return wrap(meta, (b) => x.update(b.h, b.l, b.c), { adx: (o, i) => { o[i] = x.value; }, plusDi: (o, i) => { o[i] = x.plusDi; }, minusDi: (o, i) => { o[i] = x.minusDi; } }, () => x.ready, () => x.reset());
    }
    default:
      throw new IndicatorParamError(`Indicator "${id}" is listed but has no implementation`);
  }
}

/** Columns of bars as an indicator reads them; `benchmark` is needed only by the 'pair' indicators. */
export interface IndicatorColumns {
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  benchmark?: Float64Array;
}

/** Runs an indicator by id over whole columns; one Float64Array per output, aligned with the bars (NaN until warm). */
export function computeIndicator(id: string, given: Readonly<Record<string, number>>, cols: IndicatorColumns): Record<string, Float64Array> {
  const ind = createIndicator(id, given);
  if (ind.meta.inputs === 'pair' && !cols.benchmark) {
    throw new IndicatorParamError(`${ind.meta.name} needs a benchmark series to compare the symbol with`);
  }
  const n = cols.close.length;
  const outs = ind.meta.outputs.map((name) => ({ name, data: new Float64Array(n) }));
  const bar: IndicatorBarInput = { h: 0, l: 0, c: 0, v: 0 };
  for (let i = 0; i < n; i++) {
    bar.h = cols.high[i]!;
    bar.l = cols.low[i]!;
    bar.c = cols.close[i]!;
    bar.v = cols.volume[i]!;
    if (cols.benchmark) bar.benchmark = cols.benchmark[i]!;
    ind.update(bar);
    for (const o of outs) o.data[i] = ind.read(o.name);
  }
  return Object.fromEntries(outs.map((o) => [o.name, o.data]));
}
