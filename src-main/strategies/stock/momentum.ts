import { z } from 'zod';
import { defineStrategy, type StrategyContext } from '../../kernel/strategy/types.js';
import { topN } from '../../kernel/strategy/cross-section.js';
import { CloseHistory } from '../shared/close-history.js';
import { Rebalancer, sharesFor } from '../shared/rebalancer.js';

const params = z.object({
  variant: z.enum(['cross-sectional', 'time-series']).default('cross-sectional').describe('rank the universe and hold the best (cross-sectional), or hold every symbol whose own momentum is positive (time-series)'),
  lookback: z.number().int().min(21).max(504).default(252).describe('bars back where the momentum window starts (252: twelve months)'),
  skip: z.number().int().min(0).max(63).default(21).describe('most recent bars left out of the window (21: the "-1" of 12-1, against short-term reversal)'),
  topN: z.number().int().min(1).max(100).default(10).describe('cross-sectional: how many of the best-ranked symbols to hold'),
  rebalance: z.enum(['monthly', 'weekly']).default('monthly').describe('when the book is re-formed: the first trading day of each month or week'),
  investFraction: z.number().min(0.1).max(1).default(0.95).describe('share of equity invested, spread equally over the holdings (the rest covers gaps at the fill)'),
  rebalanceBand: z.number().min(0).max(0.5).default(0.1).describe('a holding kept within this fraction of its new target is not re-sized'),
});
type Params = z.output<typeof params>;

/**
 * Momentum over a universe (Jegadeesh and Titman 1993; LEAN's HistoricalReturnsAlphaModel). On the first trading
 * day of each month (or week), the score of each symbol is its return from `lookback` bars back to `skip` bars back
 * (12-1 by default); the cross-sectional variant holds the `topN` best scores in equal weights, the time-series
 * variant (Moskowitz, Ooi and Pedersen 2012) every symbol whose score is positive, in equal weights over the
 * universe (so a symbol's slot is cash while its trend is down). Long only. Symbols without `lookback` bars yet are
 * not ranked. Orders: sells first, buys once they have filled (shared/rebalancer.ts).
 */
export const momentum = defineStrategy({
  name: 'momentum',
  description: 'Cross-sectional 12-1 momentum: hold the top N of the universe, rebalanced monthly (time-series variant by parameter)',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 2,
  params,
  timeframe: '1Day',
  universe: [],
  warmup: (p: Params) => p.lookback + 1,
  create(p: Params, ctx: StrategyContext) {
    const history = new CloseHistory(p.lookback + 1);
    const book = new Rebalancer(ctx);
    const rebalance = (): void => {
      history.seed(ctx, ctx.clock.now(), '1Day');
      const scores = new Map<string, number>();
      for (const s of ctx.universe) {
        if (history.length(s) <= p.lookback) continue;
        scores.set(s, history.returnBetween(s, p.lookback, p.skip));
      }
      // A ranking needs at least two symbols with a full window.
      if (scores.size < (p.variant === 'cross-sectional' ? 2 : 1)) return;
      const chosen =
        p.variant === 'cross-sectional' ? topN(scores, p.topN) : [...scores].filter(([, r]) => r > 0).map(([s]) => s).sort();
      const slots = p.variant === 'cross-sectional' ? Math.min(p.topN, scores.size) : scores.size;
      const equity = ctx.portfolio.equity();
      const targets = new Map<string, number>();
      for (const s of chosen) targets.set(s, sharesFor(p.investFraction / slots, equity, history.close(s)));
      const words = chosen.map((s) => `${s} ${(scores.get(s)! * 100).toFixed(1)}%`).join(', ');
      const window = `${p.lookback}-${p.skip} bar return`;
      book.setTargets(
        targets,
        chosen.length > 0
          ? `momentum ${p.variant}: hold ${words} (${window}${p.variant === 'cross-sectional' ? `, top ${p.topN} of ${scores.size}` : ', positive'})`
          : `momentum ${p.variant}: no symbol qualifies (${window}); all in cash`,
        p.rebalanceBand,
      );
      book.step((s) => history.close(s));
    };
    if (p.rebalance === 'monthly') ctx.schedule.onFirstTradingDayOfMonth(rebalance);
    else ctx.schedule.onFirstTradingDayOfWeek(rebalance);
    return {
      onCrossSection(t, bars) {
        history.seed(ctx, t, '1Day');
        history.push(t, bars);
        book.step((s) => history.close(s));
      },
      onOrderUpdate: (u) => book.onOrderUpdate(u),
    };
  },
});
