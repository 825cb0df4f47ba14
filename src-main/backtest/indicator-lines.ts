import type { BarColumns } from '../../src-shared/domain/bar-columns.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { createStrategyIndicator } from '../kernel/indicators/strategy-indicator.js';
import type { IndicatorBarInput } from '../kernel/indicators/registry.js';
import type { Indicator, IndicatorLines } from '../kernel/strategy/types.js';

/**
 * Any indicator of the strategy API over one symbol's whole columns, one Float64Array per line, element i after
 * bar i. The streaming indicator is fed bar by bar, so element i depends on bars 0..i only (no lookahead). A pair
 * indicator reads the benchmark's close at or before each bar's time (NaN before the benchmark's first bar).
 */
export function indicatorLineSeries(id: string, params: Readonly<Record<string, number>>, col: BarColumns, benchmark?: BarColumns): Record<string, Float64Array> {
  let ind;
  try {
    ind = createStrategyIndicator(id, params);
  } catch (e) {
    throw new CodedError('BAD_REQUEST', e instanceof Error ? e.message : String(e));
  }
  if (ind.meta.inputs === 'pair' && benchmark === undefined) {
    throw new CodedError('BAD_REQUEST', `${ind.meta.name} needs a benchmark symbol (options.benchmark) to compare with`);
  }
  const n = col.t.length;
  const lines = ind.meta.outputs.map((name) => ({ name, data: new Float64Array(n) }));
  const bar: IndicatorBarInput = { h: 0, l: 0, c: 0, v: 0 };
  let j = -1;
  for (let i = 0; i < n; i++) {
    bar.h = col.h[i]!;
    bar.l = col.l[i]!;
    bar.c = col.c[i]!;
    bar.v = col.v[i]!;
    if (benchmark) {
      const t = col.t[i]!;
      while (j + 1 < benchmark.t.length && benchmark.t[j + 1]! <= t) j++;
      bar.benchmark = j < 0 ? NaN : benchmark.c[j]!;
    }
    ind.update(bar);
    for (const line of lines) line.data[i] = ind.read(line.name);
  }
  return Object.fromEntries(lines.map((l) => [l.name, l.data]));
}

/** An indicator backed by a precomputed series; its value is the series at the symbol's current bar (its cursor). */
export class SeriesLine implements Indicator {
  constructor(
    protected series: Float64Array,
    protected readonly cursor: Int32Array,
    protected readonly s: number,
  ) {}
  /** The same line over a grown series (growing data: the run goes on over bars appended since). */
  rebind(series: Float64Array): void {
    this.series = series;
  }
  get value(): number {
    const i = this.cursor[this.s]!;
    return i < 0 ? NaN : this.series[i]!;
  }
  get ready(): boolean {
    const v = this.value;
    return v === v;
  }
}

/** The engine's view of precomputed lines: each reads the element of the symbol's current bar (its cursor). */
export class SeriesLines extends SeriesLine implements IndicatorLines {
  private readonly byName = new Map<string, SeriesLine>();
  constructor(
    private lines: Record<string, Float64Array>,
    private readonly main: string,
    cursor: Int32Array,
    s: number,
  ) {
    super(lines[main]!, cursor, s);
  }
  /** Every line over grown series (growing data). */
  rebindAll(lines: Record<string, Float64Array>): void {
    this.lines = lines;
    this.rebind(lines[this.main]!);
    for (const [name, line] of this.byName) line.rebind(lines[name]!);
  }
  line(name: string): Indicator {
    let l = this.byName.get(name);
    if (l === undefined) {
      const series = this.lines[name];
      if (series === undefined) throw new CodedError('BAD_REQUEST', `indicator has no line "${name}"; it has ${Object.keys(this.lines).join(', ')}`);
      l = new SeriesLine(series, this.cursor, this.s);
      this.byName.set(name, l);
    }
    return l;
  }
}
