import { CodedError } from '../../../src-shared/ipc/errors.js';
import { makeBandit, type BanditOptions } from './bandit.js';

export interface MetaAllocationInput extends Omit<BanditOptions, 'bots'> {
  /** Each bot's return per day (rows: days; columns: bots), the same days for every bot. */
  returns: ReadonlyArray<ArrayLike<number>>;
  /** Days of history for a bot's volatility, the scale of its risk-adjusted reward. */
  volatilityWindow?: number;
  /** How many bots, when there may be no day yet (live: the first close of a new set of bots). */
  bots?: number;
}

export interface MetaAllocationResult {
  /** weights[t]: the allocation held over day t, decided before it from days before it. */
  weights: Float64Array[];
  /** The allocated portfolio's return each day, and its value from 1. */
  portfolioReturns: Float64Array;
  equity: Float64Array;
  /** The weights for the day after the last one: what a live allocator holds next. */
  next: Float64Array;
}

/**
 * Reward of one day's return: its size against the bot's recent volatility, squashed into [0, 1] (a logistic of the
 * day's z-score), so a bot is rewarded for return per unit of risk and one wild day cannot take all the capital.
 */
export function riskAdjustedReward(dayReturn: number, volatility: number): number {
  if (!(volatility > 0)) return 0.5;
  return 1 / (1 + Math.exp(-dayReturn / volatility));
}

/** Backtests the allocator over bots' daily returns: each day's weights come only from earlier days. */
export function runMetaAllocation(input: MetaAllocationInput): MetaAllocationResult {
  const days = input.returns.length;
  const bots = input.bots ?? (days > 0 ? input.returns[0]!.length : 0);
  if (bots < 2) throw new CodedError('BAD_REQUEST', 'meta-allocation needs at least two bots (strategies) to allocate between');
  const window = input.volatilityWindow ?? 20;
  const bandit = makeBandit({ ...input, bots });
  const weights: Float64Array[] = [];
  const portfolioReturns = new Float64Array(days);
  const equity = new Float64Array(days + 1);
  equity[0] = 1;
  const sumSq = new Float64Array(bots);
  for (let t = 0; t < days; t++) {
    const w = bandit.weights();
    weights.push(w);
    const row = input.returns[t]!;
    if (row.length !== bots) throw new CodedError('BAD_REQUEST', `day ${t + 1} has ${row.length} returns for ${bots} bots`);
    let r = 0;
    for (let i = 0; i < bots; i++) r += w[i]! * row[i]!;
    portfolioReturns[t] = r;
    equity[t + 1] = equity[t]! * (1 + r);
    // The volatility scaling the reward uses the days before this one (and this one only after it is scored).
    const rewards = new Float64Array(bots);
    const seen = Math.min(t, window);
    for (let i = 0; i < bots; i++) {
      const vol = seen >= 2 ? Math.sqrt(sumSq[i]! / seen) : Math.abs(row[i]!) || 1;
      rewards[i] = riskAdjustedReward(row[i]!, vol);
    }
    bandit.update(rewards);
    for (let i = 0; i < bots; i++) {
      sumSq[i]! += row[i]! * row[i]!;
      if (t >= window) sumSq[i]! -= input.returns[t - window]![i]! ** 2;
    }
  }
  return { weights, portfolioReturns, equity, next: bandit.weights() };
}
