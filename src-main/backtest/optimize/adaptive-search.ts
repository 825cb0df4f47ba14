import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { ParamSpace } from '../../kernel/strategy/params.js';
import { gaussian, prng, type Combo } from './search.js';

/**
 * Optimisers that choose the next combinations from the scores of the last ones, beside grid and random search:
 * particle swarm and simulated annealing. Both work in the unit cube, one coordinate per searched parameter, and
 * evaluate one batch (a swarm, a set of annealing chains) per iteration, so each batch runs as one parallel sweep.
 */
export type AdaptiveMethod = 'pso' | 'anneal';

export interface AdaptiveSearchOptions {
  method: AdaptiveMethod;
  space: readonly ParamSpace[];
  /** Values of the parameters not searched (and defaults); `fixed` names those the trader pinned. */
  base: Combo;
  fixed?: ReadonlySet<string>;
  /** Whether the strategy accepts a combination (its schema's cross-field rules). */
  valid: (combo: Combo) => boolean;
  /** Scores a batch in its order; higher is better, null where the objective has no value. */
  evaluate: (combos: Combo[]) => Promise<Array<number | null>>;
  iterations: number;
  /** Particles, or annealing chains. */
  population: number;
  seed: number;
  signal?: AbortSignal;
  onIteration?: (done: number, total: number, bestScore: number | null) => void;
}

export interface AdaptiveSearchResult {
  /** Every distinct valid combination evaluated, in the order first asked for. */
  evaluated: Combo[];
  scores: Array<number | null>;
  best: { combo: Combo; score: number } | undefined;
  /** The best score after each iteration (null until one has a score). */
  trace: Array<number | null>;
  cancelled: boolean;
}

/** Maps a point of the unit cube to a combination and back to a position in the cube. */
export function paramCoding(space: readonly ParamSpace[], base: Combo, fixed: ReadonlySet<string> = new Set()) {
  const axes = space.filter((p) => !fixed.has(p.name) && !(p.kind === 'enum' && p.options.length < 2));
  const decode = (x: ArrayLike<number>): Combo => {
    const combo: Combo = { ...base };
    axes.forEach((p, d) => {
      const u = Math.min(1, Math.max(0, x[d]!));
      if (p.kind === 'number') {
        // Integers: equal-width cells per value, so the end values are as reachable as the inner ones.
        combo[p.name] = p.integer ? Math.min(p.max, Math.floor(p.min + u * (p.max - p.min + 1))) : p.min + u * (p.max - p.min);
      } else if (p.kind === 'enum') combo[p.name] = p.options[Math.min(p.options.length - 1, Math.floor(u * p.options.length))]!;
      else combo[p.name] = u >= 0.5;
    });
    return combo;
  };
  return { dimensions: axes.length, decode };
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

export async function adaptiveSearch(options: AdaptiveSearchOptions): Promise<AdaptiveSearchResult> {
  if (!Number.isInteger(options.iterations) || options.iterations < 1) throw new CodedError('BAD_REQUEST', '--iterations must be a whole number of 1 or more');
  if (!Number.isInteger(options.population) || options.population < 2) throw new CodedError('BAD_REQUEST', '--population must be a whole number of 2 or more');
  const { dimensions, decode } = paramCoding(options.space, options.base, options.fixed);
  if (dimensions === 0) throw new CodedError('BAD_REQUEST', 'nothing to search: every parameter is pinned with --param or has a single value');
  const rand = prng(options.seed);
  const evaluated: Combo[] = [];
  const scores: Array<number | null> = [];
  const known = new Map<string, number | null>();
  let best: AdaptiveSearchResult['best'];
  const trace: Array<number | null> = [];

  /** Scores a batch of points: repeats come from the memo, invalid ones score -Infinity without a run. */
  const score = async (points: Float64Array[]): Promise<number[] | undefined> => {
    const combos = points.map(decode);
    const keys = combos.map((c) => JSON.stringify(c));
    const fresh: number[] = [];
    combos.forEach((combo, i) => {
      if (known.has(keys[i]!) || !options.valid(combo)) return;
      if (fresh.every((j) => keys[j] !== keys[i])) fresh.push(i);
    });
    if (fresh.length > 0) {
      const values = await options.evaluate(fresh.map((i) => combos[i]!));
      if (options.signal?.aborted) return undefined;
      fresh.forEach((i, k) => {
        const value = values[k] ?? null;
        known.set(keys[i]!, value);
        evaluated.push(combos[i]!);
        scores.push(value);
        if (value !== null && (best === undefined || value > best.score)) best = { combo: combos[i]!, score: value };
      });
    }
    return keys.map((key) => known.get(key) ?? -Infinity);
  };

  const n = options.population;
  const positions = Array.from({ length: n }, () => Float64Array.from({ length: dimensions }, () => rand()));
  let cancelled = false;
  const finish = (): AdaptiveSearchResult => ({ evaluated, scores, best, trace, cancelled });
  let current = await score(positions);
  if (current === undefined) return { ...finish(), cancelled: true };
  trace.push(best?.score ?? null);
  options.onIteration?.(1, options.iterations, best?.score ?? null);

  if (options.method === 'pso') {
    // Clerc and Kennedy's constriction coefficients: the swarm converges without a velocity schedule.
    const inertia = 0.7298;
    const pull = 1.49618;
    const velocities = Array.from({ length: n }, () => Float64Array.from({ length: dimensions }, () => (rand() - 0.5) * 0.2));
    const personal = positions.map((p) => Float64Array.from(p));
    const personalScore = Float64Array.from(current);
    let leader = 0;
    for (let i = 0; i < n; i++) if (personalScore[i]! > personalScore[leader]!) leader = i;
    for (let iteration = 1; iteration < options.iterations; iteration++) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      for (let i = 0; i < n; i++) {
        const x = positions[i]!;
        const v = velocities[i]!;
        for (let d = 0; d < dimensions; d++) {
          const next = inertia * v[d]! + pull * rand() * (personal[i]![d]! - x[d]!) + pull * rand() * (personal[leader]![d]! - x[d]!);
          v[d] = Math.max(-0.5, Math.min(0.5, next));
          const moved = x[d]! + v[d]!;
          // A particle that hits a wall stops there instead of bouncing out of the space.
          if (moved < 0 || moved > 1) v[d] = 0;
          x[d] = clamp01(moved);
        }
      }
      current = await score(positions);
      if (current === undefined) {
        cancelled = true;
        break;
      }
      for (let i = 0; i < n; i++) {
        if (current[i]! > personalScore[i]!) {
          personalScore[i] = current[i]!;
          personal[i]!.set(positions[i]!);
        }
        if (personalScore[i]! > personalScore[leader]!) leader = i;
      }
      trace.push(best?.score ?? null);
      options.onIteration?.(iteration + 1, options.iterations, best?.score ?? null);
    }
    return finish();
  }

  // Simulated annealing: one chain per member of the population, a Gaussian step that shrinks as the temperature
  // falls geometrically from the spread of the first scores to a hundredth of it.
  const finite = current.filter((s) => Number.isFinite(s));
  const mean = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
  const spread = Math.sqrt(finite.reduce((a, b) => a + (b - mean) * (b - mean), 0) / Math.max(1, finite.length - 1));
  const startTemperature = spread > 0 ? spread : 1;
  const chainScore = Float64Array.from(current);
  for (let iteration = 1; iteration < options.iterations; iteration++) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    const progress = options.iterations > 1 ? iteration / (options.iterations - 1) : 1;
    const temperature = startTemperature * Math.pow(0.01, progress);
    const step = 0.3 * Math.pow(0.05 / 0.3, progress);
    const proposals = positions.map((x) => x.map((value) => clamp01(value + step * gaussian(rand))));
    const proposed = await score(proposals);
    if (proposed === undefined) {
      cancelled = true;
      break;
    }
    for (let i = 0; i < n; i++) {
      const gain = proposed[i]! - chainScore[i]!;
      // A chain still in an invalid region walks on whatever it draws; elsewhere the Metropolis rule.
      const accept = gain >= 0 || !Number.isFinite(chainScore[i]!) || (Number.isFinite(proposed[i]!) && rand() < Math.exp(gain / temperature));
      if (accept) {
        positions[i] = proposals[i]!;
        chainScore[i] = proposed[i]!;
      }
    }
    trace.push(best?.score ?? null);
    options.onIteration?.(iteration + 1, options.iterations, best?.score ?? null);
  }
  return finish();
}
