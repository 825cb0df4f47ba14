import type { Bar } from '../../src-shared/domain/bar.js';
import type { AlertCondition } from '../../src-shared/ipc/alerts-schemas.js';
import { createIndicator, indicatorMeta, resolveParams, type BarIndicator } from '../kernel/indicators/registry.js';
import { IndicatorParamError } from '../kernel/indicators/validate.js';

export type IndicatorCondition = Extract<AlertCondition, { kind: 'indicator' }>;

/** A crossing of the level on a completed bar. */
export interface IndicatorCrossingEvent {
  /** The completed bar's start time: one bar crosses at most once, so this keys the event. */
  barT: number;
  value: number;
  previous: number;
}

/**
 * The registry indicator of a condition with its parameters resolved, its output checked and a label
 * ("RSI(14)"); throws IndicatorParamError with words a trader can act on.
 */
export function resolveIndicatorCondition(c: IndicatorCondition): { params: Record<string, number>; output: string; label: string; warmupBars: number } {
  const meta = indicatorMeta(c.indicator);
  if (meta.inputs === 'pair') throw new IndicatorParamError(`${meta.name} compares two symbols; alerts take indicators of one symbol`);
  const params = resolveParams(meta.id, c.params);
  const output = c.output ?? meta.outputs[0]!;
  if (!meta.outputs.includes(output)) throw new IndicatorParamError(`${meta.name} has no output "${output}": choose ${meta.outputs.join(', ')}`);
  const values = Object.values(params);
  const label = `${meta.id.toUpperCase()}(${values.join(',')})${output === meta.outputs[0] ? '' : `.${output}`}`;
  // Smoothed indicators (RSI, ADX, EMA) need several periods of history before their value settles.
  const warmupBars = Math.min(10_000, Math.max(200, 5 * values.reduce((longest, v) => Math.max(longest, Math.ceil(v)), 0)));
  return { params, output, label, warmupBars };
}

/**
 * One indicator rule's state over one symbol's bars: the streaming indicator, fed each bar once it is complete.
 * Bars come from history first (warm-up: no firing), then live: a completed bar, or a forming bar that becomes
 * complete when a later bar begins. A crossing fires on the completed bar whose value is past the level when the
 * previous completed bar's value was not, so it fires once per crossing; hovering on the level fires again only
 * after a real return to the other side.
 */
export class IndicatorCrossing {
  private readonly indicator: BarIndicator;
  private readonly output: string;
  private previous = NaN;
  private lastFedT = -Infinity;
  /** The newest bar not yet known complete (the forming bar, or history's last bar). */
  private pending: Bar | undefined;

  constructor(private readonly condition: IndicatorCondition) {
    const resolved = resolveIndicatorCondition(condition);
    this.indicator = createIndicator(condition.indicator, resolved.params);
    this.output = resolved.output;
  }

  /** The newest history, oldest first; its last bar may still be forming, so it waits for a later bar. */
  warmUp(bars: readonly Bar[]): void {
    for (const bar of bars) this.offer(bar, false, false);
  }

  /** A live bar of the rule's timeframe; `complete` for a finished bar (the stream's minute bars, backfills). */
  bar(bar: Bar, complete: boolean): IndicatorCrossingEvent | undefined {
    return this.offer(bar, complete, true);
  }

  get value(): number {
    return this.previous;
  }

  private offer(bar: Bar, complete: boolean, live: boolean): IndicatorCrossingEvent | undefined {
    let event: IndicatorCrossingEvent | undefined;
    if (this.pending && bar.t > this.pending.t) {
      event = this.feed(this.pending, live);
      this.pending = undefined;
    }
    if (bar.t <= this.lastFedT) return event;
    if (complete) {
      this.pending = undefined;
      return this.feed(bar, live) ?? event;
    }
    this.pending = bar;
    return event;
  }

  private feed(bar: Bar, live: boolean): IndicatorCrossingEvent | undefined {
    this.lastFedT = bar.t;
    this.indicator.update({ h: bar.h, l: bar.l, c: bar.c, v: bar.v });
    const value = this.indicator.ready ? this.indicator.read(this.output) : NaN;
    const previous = this.previous;
    this.previous = value;
    if (!live || !Number.isFinite(value) || !Number.isFinite(previous)) return undefined;
    const level = this.condition.level;
    const crossed = this.condition.direction === 'crosses-above' ? previous < level && value >= level : previous > level && value <= level;
    return crossed ? { barT: bar.t, value, previous } : undefined;
  }
}
