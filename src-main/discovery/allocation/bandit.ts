import { CodedError } from '../../../src-shared/ipc/errors.js';
import { gaussian, prng } from '../../backtest/optimize/search.js';
import { projectOntoBox, type WeightBounds } from '../portfolio/weights.js';

/**
 * Capital across bots as a multi-armed bandit (the founding design's "reinforcement meta-learning", named for what it is).
 * Each day every bot's risk-adjusted result is a reward; the allocator turns the rewards seen so far into weights,
 * which the trader's limits (minimum and maximum share per bot) then bound.
 */
export type BanditMethod = 'exp3' | 'thompson';

export interface BanditOptions {
  method: BanditMethod;
  bots: number;
  /** EXP3's exploration rate gamma in (0, 1]. */
  exploration?: number;
  /** Thompson sampling: each day's weight on the past (1: no forgetting); lets the allocation follow a change of regime. */
  discount?: number;
  /** Thompson sampling: draws per day estimating each bot's chance of being best. */
  draws?: number;
  seed?: number;
  limits: WeightBounds;
}

export interface Bandit {
  /** Today's weights (sum to the limits' budget), from the rewards of earlier days only. */
  weights(): Float64Array;
  /** One day's rewards, each in [0, 1]. */
  update(rewards: ArrayLike<number>): void;
}

function checkRewards(rewards: ArrayLike<number>, bots: number): void {
  if (rewards.length !== bots) throw new CodedError('BAD_REQUEST', `a day needs a reward for each of the ${bots} bots`);
  for (let i = 0; i < bots; i++) if (!(rewards[i]! >= 0 && rewards[i]! <= 1)) throw new CodedError('BAD_REQUEST', 'rewards must lie in [0, 1]');
}

/**
 * EXP3 (Auer, Cesa-Bianchi, Freund and Schapire, 2002): probabilities mix exponential weights with uniform
 * exploration; each bot's reward is divided by its probability (the unbiased estimate EXP3 uses), and its weight grows
 * by exp(gamma * estimate / K).
 */
export function exp3(options: BanditOptions): Bandit {
  const k = options.bots;
  const gamma = options.exploration ?? 0.1;
  if (!(gamma > 0 && gamma <= 1)) throw new CodedError('BAD_REQUEST', 'exploration must be in (0, 1]');
  // Log-weights: the exponentials of a long history overflow.
  const logW = new Float64Array(k);
  const probabilities = (): Float64Array => {
    let top = -Infinity;
    for (let i = 0; i < k; i++) top = Math.max(top, logW[i]!);
    let sum = 0;
    const w = new Float64Array(k);
    for (let i = 0; i < k; i++) sum += w[i] = Math.exp(logW[i]! - top);
    for (let i = 0; i < k; i++) w[i] = (1 - gamma) * (w[i]! / sum) + gamma / k;
    return w;
  };
  return {
    weights: () => projectOntoBox(probabilities(), options.limits),
    update: (rewards) => {
      checkRewards(rewards, k);
      const p = probabilities();
      for (let i = 0; i < k; i++) logW[i]! += (gamma * (rewards[i]! / p[i]!)) / k;
    },
  };
}

/**
 * Thompson sampling with a discounted Beta posterior per bot on "today's reward": the weight of a bot is the share of
 * posterior draws in which it is the best, so a bot gets capital in proportion to the chance that it is the best one.
 */
export function thompson(options: BanditOptions): Bandit {
  const k = options.bots;
  const discount = options.discount ?? 0.98;
  const draws = options.draws ?? 2000;
  if (!(discount > 0 && discount <= 1)) throw new CodedError('BAD_REQUEST', 'discount must be in (0, 1]');
  const alpha = new Float64Array(k).fill(1);
  const beta = new Float64Array(k).fill(1);
  let day = 0;
  return {
    weights: () => {
      // Seeded per day: the same history gives the same weights, whenever they are asked for.
      const rand = prng((options.seed ?? 1) * 1_000_003 + day);
      const wins = new Float64Array(k);
      const sample = new Float64Array(k);
      for (let d = 0; d < draws; d++) {
        let best = 0;
        for (let i = 0; i < k; i++) {
          sample[i] = betaDraw(alpha[i]!, beta[i]!, rand);
          if (sample[i]! > sample[best]!) best = i;
        }
        wins[best]! += 1;
      }
      for (let i = 0; i < k; i++) wins[i] = (wins[i]! / draws) * options.limits.budget;
      return projectOntoBox(wins, options.limits);
    },
    update: (rewards) => {
      checkRewards(rewards, k);
      for (let i = 0; i < k; i++) {
        alpha[i] = 1 + discount * (alpha[i]! - 1) + rewards[i]!;
        beta[i] = 1 + discount * (beta[i]! - 1) + (1 - rewards[i]!);
      }
      day++;
    },
  };
}

/** A Beta(a, b) draw as X / (X + Y) with gamma draws (Marsaglia and Tsang), for a, b >= 1. */
function betaDraw(a: number, b: number, rand: () => number): number {
  const x = gammaDraw(a, rand);
  const y = gammaDraw(b, rand);
  return x / (x + y);
}

function gammaDraw(shape: number, rand: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gaussian(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function makeBandit(options: BanditOptions): Bandit {
  return options.method === 'exp3' ? exp3(options) : thompson(options);
}
