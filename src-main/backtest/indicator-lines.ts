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
  const stream = new IndicatorLineStream(id, params, benchmark !== undefined);
  stream.extend(col, benchmark);
  return stream.lines();
}

/**
 * indicatorLineSeries kept going: the streaming indicator and its lines stay, and `extend` feeds only the bars the
 * columns gained since (growing data, the live scanner). The same updates in the same order: the same values.
 */
export class IndicatorLineStream {
  private readonly ind: ReturnType<typeof createStrategyIndicator>;
  private readonly names: readonly string[];
  private buffers: Float64Array[];
  private fed = 0;
  private j = -1;
  private readonly bar: IndicatorBarInput = { h: 0, l: 0, c: 0, v: 0 };

  /** `roomToGrow`: the first fill leaves room for as many bars again (growing data: no copy on its first append). */
  constructor(id: string, params: Readonly<Record<string, number>>, withBenchmark: boolean, private readonly roomToGrow = false) {
    try {
      this.ind = createStrategyIndicator(id, params);
    } catch (e) {
      throw new CodedError('BAD_REQUEST', e instanceof Error ? e.message : String(e));
    }
    if (this.ind.meta.inputs === 'pair' && !withBenchmark) {
      throw new CodedError('BAD_REQUEST', `${this.ind.meta.name} needs a benchmark symbol (options.benchmark) to compare with`);
    }
    this.names = this.ind.meta.outputs;
    this.buffers = this.names.map(() => new Float64Array(0));
    // Bound once: a read by name dispatches on the name at every bar of every line.
    this.copiers = this.names.map((name) => this.ind.copier(name));
  }

  private readonly copiers: ReadonlyArray<(out: Float64Array, at: number) => void>;

  /** Feeds the bars of `col` not fed yet. */
  extend(col: BarColumns, benchmark?: BarColumns): void {
    const n = col.t.length;
    if (n > this.buffers[0]!.length) {
      const size = this.fed === 0 ? (this.roomToGrow ? Math.max(16, 2 * n) : n) : Math.max(n, this.buffers[0]!.length * 2);
      this.buffers = this.buffers.map((b) => {
        const grown = new Float64Array(size);
        grown.set(b.subarray(0, this.fed));
        return grown;
      });
      this.whole = undefined;
    }
    const { ind, bar, copiers, buffers } = this;
    const count = copiers.length;
    for (let i = this.fed; i < n; i++) {
      bar.h = col.h[i]!;
      bar.l = col.l[i]!;
      bar.c = col.c[i]!;
      bar.v = col.v[i]!;
      if (benchmark) {
        const t = col.t[i]!;
        while (this.j + 1 < benchmark.t.length && benchmark.t[this.j + 1]! <= t) this.j++;
        bar.benchmark = this.j < 0 ? NaN : benchmark.c[this.j]!;
      }
      ind.update(bar);
      for (let k = 0; k < count; k++) copiers[k]!(buffers[k]!, i);
    }
    this.fed = n;
  }

  private whole: Record<string, Float64Array> | undefined;

  /**
   * The lines over their whole buffers, past the bars fed (a warm run reads element i only once bar i exists): the
   * same object until `extend` moves them to bigger buffers, so a holder rebinds only then.
   */
  bufferLines(): Readonly<Record<string, Float64Array>> {
    return (this.whole ??= Object.fromEntries(this.names.map((name, k) => [name, this.buffers[k]!])));
  }

  lines(): Record<string, Float64Array> {
    return Object.fromEntries(this.names.map((name, k) => [name, this.buffers[k]!.length === this.fed ? this.buffers[k]! : this.buffers[k]!.subarray(0, this.fed)]));
  }
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
    private lines: Readonly<Record<string, Float64Array>>,
    private readonly main: string,
    cursor: Int32Array,
    s: number,
  ) {
    super(lines[main]!, cursor, s);
  }
  /** Every line over grown series (growing data). */
  rebindAll(lines: Readonly<Record<string, Float64Array>>): void {
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
