import { paramSpace } from '../../kernel/strategy/params.js';
import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import type { AdaptiveMethod } from '../../backtest/optimize/adaptive-search.js';
import { adaptiveSweep, type AdaptiveSweepResult } from '../../backtest/optimize/adaptive-sweep.js';
import type { ComboResult, Objective } from '../../backtest/optimize/evaluate.js';
import type { Combo } from '../../backtest/optimize/search.js';
import type { SweepResult } from '../../backtest/optimize/sweep.js';
import { bad, positiveInt, type CommandValues } from './options.js';

export const SEARCH_METHODS = ['grid', 'random', 'pso', 'anneal'] as const;
export type SearchMethod = (typeof SEARCH_METHODS)[number];

/** --method for optimize and walk-forward; without it, --random N means random search and --grid a grid. */
export function searchMethodOf(values: CommandValues): SearchMethod {
  const method = values.method ?? (values.random !== undefined ? 'random' : 'grid');
  if (!(SEARCH_METHODS as readonly string[]).includes(method)) throw bad(`--method must be one of ${SEARCH_METHODS.join(', ')} for this command, got "${method}"`);
  if (method === 'random' && values.random === undefined) throw bad('--method random needs --random N (how many combinations to draw)');
  if (method === 'grid' && values.random !== undefined) throw bad('--random N is a random search: drop --method grid or use --method random');
  if ((method === 'pso' || method === 'anneal') && (values.grid !== undefined || values.random !== undefined)) {
    throw bad(`--method ${method} searches every parameter's range from the strategy's schema: drop --grid/--random (pin a parameter with --param name=value)`);
  }
  return method as SearchMethod;
}

/** The parameters pinned with --param: the random and adaptive searches leave them alone. */
export function pinnedParams(values: CommandValues): Set<string> {
  return new Set((values.param ?? []).map((p) => p.split('=')[0]!));
}

export interface CliAdaptiveOptions {
  method: AdaptiveMethod;
  definition: StrategyDefinition;
  base: Combo;
  values: CommandValues;
  objective: Objective;
  sweep: (combos: Combo[]) => Promise<SweepResult>;
  signal?: AbortSignal;
  onIteration?: (done: number, total: number) => void;
}

/** Particle swarm or simulated annealing over the strategy's parameter ranges (the --param ones pinned). */
export async function cliAdaptiveSweep(options: CliAdaptiveOptions): Promise<AdaptiveSweepResult & { iterations: number; population: number }> {
  const iterations = positiveInt(options.values.iterations, '--iterations', 20);
  const population = positiveInt(options.values.population, '--population', 16);
  const result = await adaptiveSweep({
    method: options.method,
    space: paramSpace(options.definition.params),
    base: options.base,
    fixed: pinnedParams(options.values),
    valid: (combo) => options.definition.params.safeParse(combo).success,
    objective: options.objective,
    sweep: options.sweep,
    iterations,
    population,
    seed: positiveInt(options.values.seed, '--seed', 1),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onIteration ? { onIteration: options.onIteration } : {}),
  });
  return { ...result, iterations, population };
}

/** The results as JSON shows them: the block sums behind the overfitting checks stay out. */
export function withoutBlocks<T extends ComboResult | undefined>(result: T): T {
  if (!result || result.blocks === undefined) return result;
  const { blocks: _blocks, ...rest } = result;
  return rest as T;
}
