import { z } from 'zod';
import { topN } from '../../kernel/strategy/cross-section.js';
import { defineStrategy, type StrategyContext } from '../../kernel/strategy/types.js';
import { CloseHistory } from '../shared/close-history.js';
import { Rebalancer, sharesFor } from '../shared/rebalancer.js';

const params = z.object({
  lookback: z.number().int().min(21).max(504).default(252).describe('relative momentum window in bars (252: Antonacci\'s twelve months)'),
  score: z.enum(['return', 'lean']).default('return').describe('rank by the lookback return, or by LEAN\'s (21-bar x 100 + 63-bar x 75) / 175'),
  topN: z.number().int().min(1).max(20).default(3).describe('sectors held, in equal slots'),
  absolute: z.enum(['momentum', 'sma', 'both', 'none']).default('both').describe('absolute filter on each chosen sector: lookback return above the hurdle, close above its SMA, both, or none'),
  smaBars: z.number().int().min(20).max(300).default(210).describe('SMA of the absolute filter (210: Faber\'s ten months)'),
  fallback: z.enum(['cash', 'last-symbol']).default('cash').describe('where a slot goes when its sector fails the filter: cash, or the last symbol of the universe (a bond or T-bill fund, whose return is then the hurdle)'),
  investFraction: z.number().min(0.1).max(1).default(0.95).describe('share of equity invested'),
  rebalanceBand: z.number().min(0).max(0.5).default(0.1).describe('a holding within this fraction of its new target is not re-sized'),
});
type Params = z.output<typeof params>;

/**
 * Sector rotation by dual momentum (Antonacci, Dual Momentum Investing, 2014) with Faber's trend filter (A
 * Quantitative Approach to Tactical Asset Allocation, 2007): on the first trading day of each month, rank the
 * universe (sector ETFs: XLB ... XLY) by relative momentum and take the `topN`; a chosen sector whose own momentum
 * is not above the hurdle (0, or the fallback fund's return: absolute momentum against bonds or T-bills) or whose
 * close is under its `smaBars` SMA gives its slot to the fallback (cash, or the universe's last symbol). Long only.
 */
export const sectorRotation = defineStrategy({
  name: 'sector-rotation',
  description: 'Dual momentum over sector ETFs: hold the top N by 12-month momentum, each slot to cash or a bond fund when it fails the absolute-momentum or SMA filter',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 2,
  params,
  timeframe: '1Day',
  universe: [],
  // Every ranked symbol needs this many closes (the 63 of the lean score is kept for both scores); a live bot
  // fetches only `warmup` bars of history, so it must cover the whole window.
  warmup: (p: Params) => Math.max(p.lookback, p.smaBars, 63) + 1,
  create(p: Params, ctx: StrategyContext) {
    const window = Math.max(p.lookback, p.smaBars, 63) + 1;
    const history = new CloseHistory(window);
    const book = new Rebalancer(ctx);
    const safe = p.fallback === 'last-symbol' ? ctx.universe[ctx.universe.length - 1] : undefined;
    const scoreOf = (s: string): number =>
      p.score === 'return'
        ? history.returnBetween(s, p.lookback, 0)
        : (history.returnBetween(s, 21, 0) * 100 + history.returnBetween(s, 63, 0) * 75) / 175;
    const sma = (s: string): number => {
      const c = history.lastCloses(s, p.smaBars);
      return c.length === p.smaBars ? c.reduce((a, b) => a + b, 0) / p.smaBars : NaN;
    };
    const rebalance = (): void => {
      history.seed(ctx, ctx.clock.now(), '1Day');
      const scores = new Map<string, number>();
      for (const s of ctx.universe) {
        if (s === safe || history.length(s) < window) continue;
        scores.set(s, scoreOf(s));
      }
      if (scores.size < 2 || (safe !== undefined && history.length(safe) <= p.lookback)) return;
      const hurdle = safe !== undefined ? history.returnBetween(safe, p.lookback, 0) : 0;
      const slots = Math.min(p.topN, scores.size);
      const equity = ctx.portfolio.equity();
      const targets = new Map<string, number>();
      const held: string[] = [];
      let toFallback = 0;
      for (const s of topN(scores, slots)) {
        const momentumOk = history.returnBetween(s, p.lookback, 0) > hurdle;
        const trendOk = history.close(s) > sma(s);
        const ok =
          p.absolute === 'none' || (p.absolute === 'momentum' ? momentumOk : p.absolute === 'sma' ? trendOk : momentumOk && trendOk);
        if (ok) {
          targets.set(s, sharesFor(p.investFraction / slots, equity, history.close(s)));
          held.push(`${s} ${(scores.get(s)! * 100).toFixed(1)}%`);
        } else toFallback++;
      }
      if (safe !== undefined && toFallback > 0) targets.set(safe, sharesFor((p.investFraction * toFallback) / slots, equity, history.close(safe)));
      const where = toFallback === 0 ? '' : `; ${toFallback} of ${slots} slots fail the ${p.absolute} filter and go to ${safe ?? 'cash'}`;
      book.setTargets(targets, `sector-rotation: top ${slots} by ${p.score} ${held.length > 0 ? held.join(', ') : '(none pass)'}${where}`, p.rebalanceBand);
      book.step((s) => history.close(s));
    };
    ctx.schedule.onFirstTradingDayOfMonth(rebalance);
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
