import type { Bar } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { BarIndicator, IndicatorBarInput } from '../kernel/indicators/registry.js';
import { Sma } from '../kernel/indicators/sma.js';
import { createStrategyIndicator } from '../kernel/indicators/strategy-indicator.js';
import { indicatorKey } from '../kernel/strategy/indicator-catalog.js';
import type { Indicator, IndicatorFactory, IndicatorLines, IndicatorOptions, StrategyIndicatorId } from '../kernel/strategy/types.js';

/** Bars kept per symbol so that an indicator asked for late (strategies ask inside onBar) starts warm. */
const HISTORY_LIMIT = 5_000;

type HistoryBar = Pick<Bar, 't' | 'h' | 'l' | 'c' | 'v'>;

class LiveSma implements Indicator {
  constructor(private readonly sma: Sma) {}
  get value(): number {
    return this.sma.value;
  }
  get ready(): boolean {
    return this.sma.ready;
  }
}

class LiveLine implements Indicator {
  constructor(
    private readonly ind: BarIndicator,
    private readonly name: string,
  ) {}
  get value(): number {
    return this.ind.read(this.name);
  }
  get ready(): boolean {
    const v = this.value;
    return v === v;
  }
}

class LiveLines extends LiveLine implements IndicatorLines {
  constructor(private readonly indicator: BarIndicator) {
    super(indicator, indicator.meta.outputs[0]!);
  }
  line(name: string): Indicator {
    if (!this.indicator.meta.outputs.includes(name)) {
      throw new CodedError('BAD_REQUEST', `${this.indicator.meta.name} has no line "${name}"; it has ${this.indicator.meta.outputs.join(', ')}`);
    }
    return new LiveLine(this.indicator, name);
  }
}

interface Fed {
  symbol: string;
  /** As the strategy asked for it, e.g. "rsi(period=14)". */
  label: string;
  indicator: BarIndicator;
  benchmark: string | undefined;
  handle: LiveLines;
}

/**
 * The live side of the strategy's indicator factory: the streaming indicators the backtest runs over whole columns
 * (the Sma bit for bit the series exact-sma.ts computes), moved by each completed bar before the strategy's onBar
 * sees it. An indicator made after bars have arrived is replayed over the bars seen so far (warm-up included); a
 * pair indicator reads the benchmark's latest close at each bar (in a replay: its close at or before the bar).
 */
export class LiveIndicators implements IndicatorFactory {
  private readonly bars = new Map<string, HistoryBar[]>();
  private readonly smas = new Map<string, Sma[]>();
  private readonly listedSmas: Array<{ symbol: string; period: number; sma: Sma }> = [];
  private readonly fed = new Map<string, Fed[]>();
  private readonly byKey = new Map<string, LiveLines>();
  private readonly input: IndicatorBarInput = { h: 0, l: 0, c: 0, v: 0 };

  /** A completed bar, in time order per symbol. */
  push(symbol: string, bar: HistoryBar): void {
    let history = this.bars.get(symbol);
    if (!history) {
      history = [];
      this.bars.set(symbol, history);
    }
    history.push({ t: bar.t, h: bar.h, l: bar.l, c: bar.c, v: bar.v });
    if (history.length > HISTORY_LIMIT * 2) history.splice(0, history.length - HISTORY_LIMIT);
    for (const sma of this.smas.get(symbol) ?? []) sma.update(bar.c);
    for (const f of this.fed.get(symbol) ?? []) this.feed(f, bar, f.benchmark === undefined ? undefined : this.lastClose(f.benchmark, bar.t));
  }

  sma(symbol: string, period: number): Indicator {
    const sma = new Sma(period);
    const history = this.bars.get(symbol) ?? [];
    // The exact window sum depends only on the window's contents: replaying the last `period` closes is enough.
    for (let i = Math.max(0, history.length - period); i < history.length; i++) sma.update(history[i]!.c);
    let list = this.smas.get(symbol);
    if (!list) {
      list = [];
      this.smas.set(symbol, list);
    }
    list.push(sma);
    if (!this.listedSmas.some((l) => l.symbol === symbol && l.period === period)) this.listedSmas.push({ symbol, period, sma });
    return new LiveSma(sma);
  }

  indicator<I extends StrategyIndicatorId>(symbol: string, id: I, params: Readonly<Record<string, number>> = {}, options: IndicatorOptions = {}): IndicatorLines<I> {
    const key = `${symbol}|${indicatorKey(id, params, options.benchmark)}`;
    const known = this.byKey.get(key);
    if (known) return known;
    let indicator: BarIndicator;
    try {
      indicator = createStrategyIndicator(id, params);
    } catch (e) {
      throw new CodedError('BAD_REQUEST', e instanceof Error ? e.message : String(e));
    }
    if (indicator.meta.inputs === 'pair' && options.benchmark === undefined) {
      throw new CodedError('BAD_REQUEST', `${indicator.meta.name} needs a benchmark symbol (options.benchmark) to compare with`);
    }
    const args = Object.entries(params).map(([k, v]) => `${k}=${v}`);
    if (options.benchmark !== undefined) args.push(`vs ${options.benchmark}`);
    const f: Fed = { symbol, label: `${id}(${args.join(', ')})`, indicator, benchmark: indicator.meta.inputs === 'pair' ? options.benchmark : undefined, handle: new LiveLines(indicator) };
    // Replayed over the whole history: unlike a window sum, recursive indicators (EMA, RSI, ADX) remember it all.
    for (const bar of this.bars.get(symbol) ?? []) this.feed(f, bar, f.benchmark === undefined ? undefined : this.closeAtOrBefore(f.benchmark, bar.t));
    let list = this.fed.get(symbol);
    if (!list) {
      list = [];
      this.fed.set(symbol, list);
    }
    list.push(f);
    this.byKey.set(key, f.handle);
    return f.handle;
  }

  /** Every indicator the strategy made, with each line's latest value (null while warming up): the bot's detail view. */
  values(): Array<{ symbol: string; name: string; lines: Record<string, number | null> }> {
    const out: Array<{ symbol: string; name: string; lines: Record<string, number | null> }> = [];
    for (const { symbol, period, sma } of this.listedSmas) out.push({ symbol, name: `sma(period=${period})`, lines: { value: sma.ready ? sma.value : null } });
    for (const list of this.fed.values()) {
      for (const f of list) {
        const lines: Record<string, number | null> = {};
        for (const name of f.indicator.meta.outputs) {
          const v = f.indicator.read(name);
          lines[name] = Number.isFinite(v) ? v : null;
        }
        out.push({ symbol: f.symbol, name: f.label, lines });
      }
    }
    return out;
  }

  private feed(f: Fed, bar: HistoryBar, benchmark: number | undefined): void {
    const input = this.input;
    input.h = bar.h;
    input.l = bar.l;
    input.c = bar.c;
    input.v = bar.v;
    if (benchmark !== undefined) input.benchmark = benchmark;
    else delete input.benchmark;
    f.indicator.update(input);
  }

  private lastClose(symbol: string, t: number): number {
    const history = this.bars.get(symbol);
    const last = history?.[history.length - 1];
    return last !== undefined && last.t <= t ? last.c : this.closeAtOrBefore(symbol, t);
  }

  private closeAtOrBefore(symbol: string, t: number): number {
    const history = this.bars.get(symbol) ?? [];
    let lo = 0;
    let hi = history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (history[mid]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? NaN : history[lo - 1]!.c;
  }
}
