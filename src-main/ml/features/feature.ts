import type { Bar } from '../../../src-shared/domain/bar.js';

/**
 * One model input, declared by name with its lookback. A feature is a streaming state: `create()` returns an
 * update function that is fed the bars in order and answers the feature's value at the bar just fed, from that
 * bar and the ones before it only (it is never shown a later bar, so it cannot read one). The same state runs
 * when a training set is built, in a backtest and live, so the three see the same numbers for the same history.
 */
export interface FeatureDef {
  /** Unique within a set, stable across versions (a model card lists its inputs by these names). */
  readonly name: string;
  /**
   * Bars before the current one that the first value needs: the value is NaN for the first `lookback` bars of a
   * history and a number from bar index `lookback` on (a test checks the declaration on real data).
   */
  readonly lookback: number;
  /** What it measures, for the model card and the ML tab. */
  readonly description: string;
  create(): (bar: Readonly<Bar>) => number;
}

export function feature(name: string, lookback: number, description: string, create: () => (bar: Readonly<Bar>) => number): FeatureDef {
  return { name, lookback, description, create };
}
