import type { Bar } from '../../../src-shared/domain/bar.js';
import type { SharedWindows } from './shared-moments.js';

/**
 * One model input, declared by name with its lookback. A feature is a streaming state: `create()` returns an
 * update function that is fed the bars in order and answers the feature's value at the bar just fed, from that
 * bar and the ones before it only (it is never shown a later bar, so it cannot read one). The same state runs
 * when a training set is built, in a backtest and live, so the three see the same numbers for the same history.
 */
/** One scored headline about the series' symbol: when it was published and its score in [-1, 1]. */
export interface ScoredHeadline {
  t: number;
  score: number;
}

/** An append-only, time-ordered list of a symbol's headlines that grows while the bars stream. */
export interface GrowingNews {
  readonly items: readonly ScoredHeadline[];
}

/**
 * What a feature may know beside the bars: the series' headlines (already scored by src-main/news/sentiment.ts),
 * and the bar length in ms. Price features ignore it; a news feature reads only headlines published before the
 * close of the bar it is fed.
 */
export interface FeatureContext {
  /** Every headline of the symbol the caller has (any order; later ones are never read before their time). */
  news?: readonly ScoredHeadline[];
  /**
   * Headlines that keep arriving while the bars stream (a strategy's, live or in a backtest): read in place, so
   * `items` must only grow, in time order, with finite fields (LiveNews keeps it so). Takes the place of `news`.
   */
  liveNews?: GrowingNews;
  /** The bars' length; inferred from the bars seen so far when absent. */
  barMs?: number;
}

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
  /** What the value is where its input is absent (a news feature with no headlines), for the model card. */
  readonly missing?: string;
  create(context?: FeatureContext): (bar: Readonly<Bar>) => number;
  /**
   * The same values written into out[at] instead of returned (what FeaturePipeline calls when present): a number
   * returned from a call that is not inlined is boxed, one allocation per feature per bar, which the per-bar
   * strategies (ml-signal) paid in garbage collection. `shared`: the pipeline's windows that features reading the
   * same input may hold once (shared-moments.ts); without it a writer keeps its own.
   */
  createInto?(context?: FeatureContext, shared?: SharedWindows): FeatureWriter;
}

/** Writes a feature's value for the bar into out[at]. */
export type FeatureWriter = (bar: Readonly<Bar>, out: Float64Array, at: number) => void;

export function feature(name: string, lookback: number, description: string, create: (context?: FeatureContext) => (bar: Readonly<Bar>) => number): FeatureDef {
  return { name, lookback, description, create };
}

/** A feature defined by its writer; `create` reads the writer's value back for callers that want a return. */
export function featureInto(name: string, lookback: number, description: string, createInto: (context?: FeatureContext, shared?: SharedWindows) => FeatureWriter): FeatureDef {
  return {
    name,
    lookback,
    description,
    createInto,
    create(context?: FeatureContext) {
      const write = createInto(context);
      const slot = new Float64Array(1);
      return (bar) => {
        write(bar, slot, 0);
        return slot[0]!;
      };
    },
  };
}
