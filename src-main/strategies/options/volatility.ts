import { z } from 'zod';
import { defineOptionStrategy, expiryIn, unitsForMaxLoss, type OptionStrategyContext } from '../../kernel/strategy/options.js';
import { exitParams, manage } from './rules.js';
import { calendar, ironCondor, pair } from './structures.js';

/** Sell premium (an iron condor) at a high IV rank, buy it (a straddle) at a low one. */
export const volatilityTradingStrategy = defineOptionStrategy({
  name: 'volatility-trading',
  description: 'Sells premium (an iron condor near |delta| 0.16, 30-45 days) when the IV rank of the 30-day ATM IV is at or above the high mark, and buys it (an at-the-money straddle, 30-45 days) at or below the low mark; exits on profit take, stop or days to expiry; sized so the maximum loss stays within a share of the equity. IV rank needs 20 sessions of recorded IV first.',
  family: 'options',
  needs: ['bars', 'options'],
  params: z.object({ high: z.number().min(50).max(100).default(60), low: z.number().min(0).max(50).default(25), minDays: z.number().int().min(1).max(365).default(30), maxDays: z.number().int().min(1).max(365).default(45), wingPct: z.number().min(0.005).max(0.3).default(0.05), ...exitParams }),
  warmup: () => 60,
  create: (p, ctx) => ({
    onBar: () => {
      if (manage(ctx, p) > 0) return;
      const chain = ctx.chain();
      const rank = chain.ivRank();
      if (rank === null || (rank < p.high && rank > p.low)) return;
      const expiry = expiryIn(chain, p.minDays, p.maxDays);
      if (!expiry) return;
      const s = rank >= p.high ? ironCondor(chain, expiry, 0.16, p.wingPct) : pair(chain, expiry, 0.5, 'long', p.wingPct);
      if (!s) return;
      ctx.open(rank >= p.high ? 'sell-premium' : 'buy-premium', s.legs, unitsForMaxLoss(ctx.portfolio.equity(), p.maxLossShare, s.maxLoss), `IV rank ${rank.toFixed(0)}: ${rank >= p.high ? 'sell' : 'buy'} premium`);
    },
  }),
});

/** EWMA (lambda 0.94) annualised volatility of the closes: the realised-volatility forecast. */
export function ewmaForecast(closes: readonly number[]): number {
  let v = 0;
  for (let i = 1; i < closes.length; i++) {
    const r = Math.log(closes[i]! / closes[i - 1]!);
    v = i === 1 ? r * r : 0.94 * v + 0.06 * r * r;
  }
  return Math.sqrt(v * 252);
}

/** Shares that bring the option delta of the open structures back to about zero (rebalanced past a band). */
function hedge(ctx: OptionStrategyContext, band: number): void {
  let delta = 0;
  for (const p of ctx.portfolio.positions()) delta += p.delta();
  const target = -Math.round(delta);
  const diff = target - ctx.portfolio.shares();
  if (Math.abs(diff) > band) ctx.trade(diff, `delta hedge to ${target} shares`);
}

/**
 * Implied against realised: short an ATM straddle (with far wings: Alpaca offers no uncovered short options) when IV
 * is rich to an EWMA forecast of realised volatility, long one when it is cheap; delta-hedged with shares daily.
 */
export const volatilityArbitrageStrategy = defineOptionStrategy({
  name: 'volatility-arbitrage',
  description: 'Compares the 30-day ATM implied volatility with an EWMA forecast of realised volatility: IV above the forecast by the threshold sells an at-the-money straddle (with far wings, since Alpaca offers no uncovered short options), below it buys one; the option delta is hedged with shares each day past a band. Exits when the gap closes, or on profit take, stop or days to expiry. Not arbitrage in the strict sense: it carries volatility, gap and model risk.',
  family: 'arbitrage',
  needs: ['bars', 'options'],
  params: z.object({ threshold: z.number().min(0.02).max(2).default(0.15), closeWithin: z.number().min(0).max(1).default(0.05), lookback: z.number().int().min(10).max(250).default(60), hedgeBand: z.number().int().min(1).max(1000).default(20), wingPct: z.number().min(0.02).max(0.5).default(0.15), minDays: z.number().int().min(1).max(365).default(25), maxDays: z.number().int().min(1).max(365).default(40), ...exitParams, exitDays: exitParams.exitDays.default(7) }),
  warmup: (p) => p.lookback + 1,
  create: (p, ctx) => ({
    onBar: () => {
      const chain = ctx.chain();
      const forecast = ewmaForecast(ctx.closes(p.lookback + 1));
      const gap = forecast > 0 ? chain.atmIv30() / forecast - 1 : 0;
      for (const pos of ctx.portfolio.positions()) if (Math.abs(gap) <= p.closeWithin) ctx.close(pos.id, `IV within ${(p.closeWithin * 100).toFixed(0)}% of the forecast`);
      const open = manage(ctx, p, true);
      if (open === 0 && Math.abs(gap) >= p.threshold) {
        const expiry = expiryIn(chain, p.minDays, p.maxDays);
        const s = expiry ? pair(chain, expiry, 0.5, gap > 0 ? 'short' : 'long', p.wingPct) : undefined;
        if (s) ctx.open(gap > 0 ? 'short-vol' : 'long-vol', s.legs, unitsForMaxLoss(ctx.portfolio.equity(), p.maxLossShare, s.maxLoss), `IV ${(chain.atmIv30() * 100).toFixed(1)}% vs forecast ${(forecast * 100).toFixed(1)}%`);
      }
      if (ctx.portfolio.positions().length === 0) {
        if (ctx.portfolio.shares() !== 0) ctx.trade(-ctx.portfolio.shares(), 'unwind the hedge');
      } else hedge(ctx, p.hedgeBand);
    },
  }),
});

/** Near IV above far IV by a threshold (an inverted term structure): sell the near month, buy the far one. */
export const calendarArbitrageStrategy = defineOptionStrategy({
  name: 'calendar-arbitrage',
  description: 'Trades a dislocation in the term structure: when the near (about 30 days) ATM IV exceeds the far (about 60 days) by the threshold, sells the near expiry and buys the far one at the same strike (a calendar spread); closes when the spread is back under the exit level, or on profit take, stop or days to the near expiry. Not arbitrage in the strict sense: the calendar carries price and volatility risk.',
  family: 'arbitrage',
  needs: ['bars', 'options'],
  params: z.object({ threshold: z.number().min(0.001).max(0.5).default(0.01), exitBelow: z.number().min(-0.5).max(0.5).default(0), nearDays: z.number().int().min(5).max(120).default(30), farDays: z.number().int().min(10).max(365).default(60), ...exitParams, profitTake: exitParams.profitTake.default(0.3), stopLoss: exitParams.stopLoss.default(0.5), exitDays: exitParams.exitDays.default(5) }),
  warmup: () => 60,
  create: (p, ctx) => ({
    onBar: () => {
      const chain = ctx.chain();
      const spread = chain.atmIv(p.nearDays) - chain.atmIv(p.farDays);
      for (const pos of ctx.portfolio.positions()) if (spread <= p.exitBelow) ctx.close(pos.id, `term spread back to ${(spread * 100).toFixed(2)} points`);
      if (manage(ctx, p) > 0 || spread < p.threshold) return;
      const near = expiryIn(chain, p.nearDays - 10, p.nearDays + 10, p.nearDays);
      const far = expiryIn(chain, p.farDays - 20, p.farDays + 20, p.farDays);
      const s = near && far && near < far ? calendar(chain, near, far, 'call') : undefined;
      if (!s) return;
      ctx.open('calendar-arb', s.legs, unitsForMaxLoss(ctx.portfolio.equity(), p.maxLossShare, s.maxLoss), `near IV over far by ${(spread * 100).toFixed(2)} points`);
    },
  }),
});
