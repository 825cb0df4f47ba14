import { z } from 'zod';
import { PcaTracker } from '../../kernel/stats/pca-tracker.js';
import { sScoreRegressors, sScoreShared } from '../../kernel/stats/s-score.js';
import { defineStrategy, type StrategyContext } from '../../kernel/strategy/types.js';
import { CloseHistory } from '../shared/close-history.js';
import { Rebalancer, sharesFor } from '../shared/rebalancer.js';

const params = z.object({
  pcaWindow: z.number().int().min(60).max(504).default(252).describe('bars of returns behind the principal components (Avellaneda-Lee: one year)'),
  components: z.number().int().min(1).max(30).default(15).describe('principal components used as factors (at most the universe size less one)'),
  refitBars: z.number().int().min(1).max(63).default(1).describe('bars between eigen-decompositions (the paper: every day); between them the last eigenportfolios give the factor returns'),
  residualWindow: z.number().int().min(20).max(252).default(60).describe('bars over which each symbol\'s returns are regressed on the factors and the residual fitted as an OU process'),
  minKappa: z.number().min(0).max(252).default(8.4).describe('fewest mean reversions a year (252/30: reverting within half the 60-bar window); slower residuals are not traded'),
  openThreshold: z.number().min(0.5).max(4).default(1.25).describe('open long below -s, short above +s'),
  closeLong: z.number().min(0).max(2).default(0.5).describe('close a long when the s-score rises above -this'),
  closeShort: z.number().min(0).max(2).default(0.75).describe('close a short when the s-score falls below this'),
  maxPositions: z.number().int().min(1).max(100).default(10).describe('positions at once; each gets investFraction / maxPositions of equity'),
  legs: z.enum(['long-short', 'long-only']).default('long-short').describe('trade both sides, or only the longs (a bot then never sells short)'),
  investFraction: z.number().min(0.1).max(1).default(0.9).describe('gross exposure as a share of equity'),
});
type Params = z.output<typeof params>;

/**
 * Statistical arbitrage on PCA residuals (Avellaneda and Lee, "Statistical arbitrage in the US equities market",
 * Quantitative Finance 10(7), 2010; arbitragelab's PCAStrategy): every bar, the principal components of the
 * universe's standardised returns over `pcaWindow` bars are the factors; each symbol's returns over the last
 * `residualWindow` bars are regressed on them, the cumulative residual is fitted as an Ornstein-Uhlenbeck process
 * and its s-score (distance from the OU mean in stationary deviations) is traded with the paper's thresholds,
 * only where the residual reverts faster than `minKappa` a year. Positions are equal in dollars; unlike the paper
 * they are not hedged with the eigenportfolios (a long-short book over the universe is roughly neutral to the
 * first factor; `legs=long-only` drops the shorts, and with them that rough neutrality).
 */
export const statArb = defineStrategy({
  name: 'stat-arb',
  description: 'Avellaneda-Lee statistical arbitrage: residuals of returns on principal components, traded on the OU s-score',
  family: 'arbitrage',
  needs: ['bars'],
  minSymbols: 3,
  params,
  timeframe: '1Day',
  universe: [],
  warmup: (p: Params) => p.pcaWindow + 1,
  create(p: Params, ctx: StrategyContext) {
    const history = new CloseHistory(p.pcaWindow + 1);
    const book = new Rebalancer(ctx);
    /** +1 long, -1 short, per symbol. */
    const sides = new Map<string, number>();
    /** Eigenportfolio weights of the last decomposition, the symbols they are for, and bars since. */
    let weights: number[][] | undefined;
    let fittedFor = '';
    let sinceFit = Infinity;
    /** The decompositions bar after bar: each starts from the last over the same symbols (exact up to 64 symbols). */
    const pcaTracker = new PcaTracker();
    let returns: Float64Array[] = [];
    return {
      onCrossSection(t, bars) {
        history.seed(ctx, t, '1Day');
        history.push(t, bars);
        const symbols = ctx.universe.filter((s) => history.length(s) > p.pcaWindow && history.lastTime(s) === t);
        if (symbols.length >= 3) {
          const n = symbols.length;
          // Rows of returns, written in place bar after bar (500 symbols: a megabyte a bar otherwise, whose
          // collection showed in the scanner's slowest closes); nothing keeps them past the bar.
          if (returns.length !== p.pcaWindow || returns[0]!.length !== n) returns = Array.from({ length: p.pcaWindow }, () => new Float64Array(n));
          for (let j = 0; j < n; j++) history.returnsInto(symbols[j]!, p.pcaWindow, returns, j);
          const key = symbols.join(',');
          if (++sinceFit >= p.refitBars || key !== fittedFor) {
            const pca = pcaTracker.fit(returns, Math.min(p.components, symbols.length - 1), symbols);
            weights = pca?.weights;
            fittedFor = key;
            sinceFit = 0;
          }
          let changed = '';
          if (weights) {
            // Rows [from, pcaWindow) as returns.slice(pcaWindow - residualWindow) gave them (a residual window longer
            // than the PCA window counts from the end, as slice does with a negative start).
            const back = p.pcaWindow - p.residualWindow;
            const from = back < 0 ? Math.max(0, p.pcaWindow + back) : back;
            const rows = p.pcaWindow - from;
            // The factor returns over the residual window (one X'X for every symbol's regression on them).
            const factors = weights.map((wj) => {
              const f = new Float64Array(rows);
              for (let r = 0; r < rows; r++) {
                const row = returns[from + r]!;
                let sum = 0;
                for (let i = 0; i < wj.length; i++) sum = sum + wj[i]! * row[i]!;
                f[r] = sum;
              }
              return f;
            });
            const regressors = sScoreRegressors(factors, rows);
            const own = new Float64Array(rows);
            for (let k = 0; k < n; k++) {
              const s = symbols[k]!;
              for (let r = 0; r < rows; r++) own[r] = returns[from + r]![k]!;
              const score = sScoreShared(own, regressors);
              const side = sides.get(s) ?? 0;
              const text = score ? `s ${score.s.toFixed(2)}, kappa ${score.kappa.toFixed(1)}` : 'no s-score';
              if (side === 1 && (!score || score.s > -p.closeLong)) {
                sides.delete(s);
                changed += `; close long ${s} (${text})`;
              } else if (side === -1 && (!score || score.s < p.closeShort)) {
                sides.delete(s);
                changed += `; close short ${s} (${text})`;
              } else if (side === 0 && score && score.kappa >= p.minKappa && sides.size < p.maxPositions) {
                if (score.s < -p.openThreshold) {
                  sides.set(s, 1);
                  changed += `; open long ${s} (${text})`;
                } else if (score.s > p.openThreshold && p.legs === 'long-short') {
                  sides.set(s, -1);
                  changed += `; open short ${s} (${text})`;
                }
              }
            }
          }
          if (changed !== '') {
            const equity = ctx.portfolio.equity();
            const targets = new Map<string, number>();
            for (const [s, side] of sides) targets.set(s, sharesFor((side * p.investFraction) / p.maxPositions, equity, history.close(s)));
            book.setTargets(targets, `stat-arb${changed}`);
          }
        }
        book.step((s) => history.close(s));
      },
      onOrderUpdate: (u) => book.onOrderUpdate(u),
    };
  },
});
