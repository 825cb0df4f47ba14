import type { ParamSpace } from '../../kernel/strategy/params.js';
import { adaptiveSearch, type AdaptiveMethod } from './adaptive-search.js';
import type { ComboResult, Objective } from './evaluate.js';
import type { Combo } from './search.js';
import type { SweepResult } from './sweep.js';

export interface AdaptiveSweepOptions {
  method: AdaptiveMethod;
  space: readonly ParamSpace[];
  base: Combo;
  fixed: ReadonlySet<string>;
  valid: (combo: Combo) => boolean;
  objective: Objective;
  /** One batch through local threads or the queue. */
  sweep: (combos: Combo[]) => Promise<SweepResult>;
  iterations: number;
  population: number;
  seed: number;
  signal?: AbortSignal;
  onIteration?: (done: number, total: number) => void;
}

export interface AdaptiveSweepResult extends SweepResult {
  /** The best objective value after each iteration. */
  trace: Array<number | null>;
}

/**
 * Particle swarm or simulated annealing where each iteration's batch is one sweep: the results of every batch in
 * the order evaluated (indexed in that order), as a grid's sweep gives them. The CLI and the Backtest tab share it.
 */
export async function adaptiveSweep(options: AdaptiveSweepOptions): Promise<AdaptiveSweepResult> {
  const results: ComboResult[] = [];
  let barEvaluations = 0;
  let sweepCancelled = false;
  const search = await adaptiveSearch({
    method: options.method,
    space: options.space,
    base: options.base,
    fixed: options.fixed,
    valid: options.valid,
    evaluate: async (combos) => {
      const sweep = await options.sweep(combos);
      barEvaluations += sweep.barEvaluations;
      sweepCancelled ||= sweep.cancelled;
      const scores: Array<number | null> = new Array(combos.length).fill(null);
      for (const r of sweep.results) {
        results.push({ ...r, index: results.length });
        scores[r.index] = r.metrics[options.objective];
      }
      return scores;
    },
    iterations: options.iterations,
    population: options.population,
    seed: options.seed,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onIteration ? { onIteration: options.onIteration } : {}),
  });
  return { results, barEvaluations, cancelled: search.cancelled || sweepCancelled, trace: search.trace };
}
