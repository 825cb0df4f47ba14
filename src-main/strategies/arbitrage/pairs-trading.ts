import { z } from 'zod';
import { KalmanHedge } from '../../kernel/stats/kalman-hedge.js';
import type { PairCandidate } from '../../kernel/stats/pair-selection.js';
import { defineStrategy, type StrategyContext } from '../../kernel/strategy/types.js';
import { CloseHistory } from '../shared/close-history.js';
import { pairKey, pairTargets, rotatePairs } from '../shared/pair-rotation.js';
import { Rebalancer } from '../shared/rebalancer.js';

const params = z.object({
  formation: z.number().int().min(60).max(756).default(252).describe('bars of log prices behind the cointegration test, the hedge ratio and the half-life'),
  reselectBars: z.number().int().min(5).max(252).default(63).describe('bars between pair selections (a pair with an open position is kept until it closes)'),
  maxPValue: z.number().min(0.001).max(0.2).default(0.05).describe('Engle-Granger p-value a pair must reach'),
  // Fixed rather than chosen by AIC for every pair: a universe of 60 symbols has 1,770 pairs tested in both orders,
  // and the AIC search (up to 15 lags, each a regression) made a selection take minutes instead of seconds.
  adfLags: z.number().int().min(0).max(12).default(1).describe('lagged differences in the ADF test of each spread'),
  minHalfLife: z.number().min(1).max(20).default(2).describe('fewest bars of spread half-life (faster is noise)'),
  maxHalfLife: z.number().min(5).max(252).default(60).describe('most bars of spread half-life (slower ties capital up)'),
  minCrossings: z.number().min(0).max(100).default(12).describe('fewest crossings of the spread\'s mean per year of bars'),
  maxCandidatePairs: z.number().int().min(10).max(200_000).default(100).describe('pairs tested at a selection: the closest by normalised price distance (Gatev, Goetzmann and Rouwenhorst 2006) when the universe has more (14 symbols have 91; testing all 124,750 of 500 symbols took 3.3 s)'),
  maxPairs: z.number().int().min(1).max(10).default(1).describe('pairs traded at once, sharing the capital equally, no symbol in two'),
  hedge: z.enum(['kalman', 'static']).default('kalman').describe('hedge ratio from a Kalman filter (moves every bar), or fixed at selection by the Engle-Granger regression'),
  // Chan's 1e-4 is for price levels; on log prices (x near 3 to 5) the same step moves the spread by more than its own
  // daily deviation, so the filter would track the spread away; 1e-6 lets the ratio drift over months.
  delta: z.number().min(1e-8).max(1e-3).default(1e-6).describe('kalman: how fast the hedge ratio may move (state noise delta / (1 - delta) on log prices)'),
  entryZ: z.number().min(0.5).max(5).default(2).describe('open when the spread\'s z-score reaches this'),
  exitZ: z.number().min(0).max(2).default(0.5).describe('close when the z-score is back within this'),
  stopZ: z.number().min(2).max(10).default(4).describe('close and drop the pair when the z-score runs past this (the relation broke)'),
  legs: z.enum(['long-short', 'long-only']).default('long-short').describe('trade both legs, or only the long (cheap) leg (a bot then never sells short)'),
  investFraction: z.number().min(0.1).max(1).default(0.9).describe('gross exposure of all pairs as a share of equity'),
});
type Params = z.output<typeof params>;

interface ActivePair {
  pair: PairCandidate;
  kalman: KalmanHedge | undefined;
  /** Static hedge: the selection's spreads, for the rolling z-score over `window` bars. */
  spreads: number[];
  window: number;
  /** +1 long the spread (long y, short x), -1 short it, 0 flat. */
  side: number;
  /** Hedge ratio the open position was sized with. */
  beta: number;
  z: number;
}

/**
 * Pairs trading (Gatev, Goetzmann and Rouwenhorst 2006; Vidyamurthy 2004): every `reselectBars` bars the universe's
 * pairs are tested (kernel/stats/pair-selection.ts: Engle-Granger with an ADF test, OU half-life, mean-crossing
 * count) and the best `maxPairs` are traded. The spread is log y - beta log x - alpha with beta from a Kalman filter
 * (Chan 2013: z = forecast error / its standard deviation, made before the bar is folded in) or from the selection's
 * regression (z over a window of the half-life, at least 10 bars). Open at |z| >= entryZ (long the cheap leg, short
 * the rich one, in the ratio beta of returns), close at |z| <= exitZ, or at |z| >= stopZ, which also drops the pair.
 * On one broker none of this is riskless: a pair can stop reverting, which is what the stop is for.
 */
export const pairsTrading = defineStrategy({
  name: 'pairs-trading',
  description: 'Pairs chosen by Engle-Granger cointegration, half-life and mean crossings; Kalman hedge ratio; z-score entry and exit',
  family: 'arbitrage',
  needs: ['bars'],
  minSymbols: 2,
  params,
  timeframe: '1Day',
  universe: [],
  warmup: (p: Params) => p.formation + 1,
  create(p: Params, ctx: StrategyContext) {
    const history = new CloseHistory(p.formation + 1);
    const book = new Rebalancer(ctx);
    let active: ActivePair[] = [];
    let sinceSelection = Infinity;
    const dropped = new Set<string>();
    const keyOf = pairKey;

    const start = (pair: PairCandidate): ActivePair => {
      const ly = history.lastCloses(pair.y, p.formation).map(Math.log);
      const lx = history.lastCloses(pair.x, p.formation).map(Math.log);
      const spreads = ly.map((v, i) => v - pair.beta * lx[i]! - pair.alpha);
      let kalman: KalmanHedge | undefined;
      if (p.hedge === 'kalman') {
        // Warmed over the formation window; the regression's residual variance is the observation noise.
        kalman = new KalmanHedge(p.delta, Math.max(1e-8, pair.spreadSd ** 2));
        for (let i = 0; i < ly.length; i++) kalman.update(lx[i]!, ly[i]!);
      }
      const window = Math.min(p.formation, Math.max(10, Math.ceil(pair.halfLife)));
      return { pair, kalman, spreads, window, side: 0, beta: pair.beta, z: 0 };
    };

    const select = (t: number): void => {
      dropped.clear();
      const options = { formation: p.formation, maxPairs: p.maxPairs, maxPValue: p.maxPValue, minHalfLife: p.minHalfLife, maxHalfLife: p.maxHalfLife, minCrossingsPerYear: p.minCrossings, periodsPerYear: 252, lags: p.adfLags, maxCandidates: p.maxCandidatePairs };
      active = rotatePairs(history, ctx.universe, t, options, active, (c, same) => (same && p.hedge === 'kalman' ? { ...same, pair: c } : start(c)));
      if (active.length > 0) {
        ctx.log.info(`pairs-trading: trading ${active.map((a) => `${keyOf(a.pair)} (p ${a.pair.pValue.toFixed(3)}, half-life ${a.pair.halfLife.toFixed(1)})`).join(', ')}`);
      }
    };

    const retarget = (why: string): void => {
      book.setTargets(pairTargets(active, history, ctx.portfolio.equity(), { investFraction: p.investFraction, maxPairs: p.maxPairs, longOnly: p.legs !== 'long-short' }), why);
    };

    return {
      onCrossSection(t, bars) {
        history.seed(ctx, t, '1Day');
        history.push(t, bars);
        let changed = '';
        for (const a of active) {
          const { y, x } = a.pair;
          if (history.lastTime(y) !== t || history.lastTime(x) !== t) continue;
          const ly = Math.log(history.close(y));
          const lx = Math.log(history.close(x));
          if (a.kalman) {
            const step = a.kalman.update(lx, ly);
            a.z = step.error / Math.sqrt(step.variance);
          } else {
            a.spreads.push(ly - a.pair.beta * lx - a.pair.alpha);
            const w = a.spreads.slice(-a.window);
            const mean = w.reduce((s, v) => s + v, 0) / w.length;
            const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, w.length - 1));
            a.z = sd > 0 ? (w[w.length - 1]! - mean) / sd : 0;
            if (a.spreads.length > 4 * p.formation) a.spreads.splice(0, a.spreads.length - p.formation);
          }
          const name = `${y}/${x}`;
          const zText = `z ${a.z.toFixed(2)}`;
          if (a.side !== 0 && Math.abs(a.z) >= p.stopZ) {
            a.side = 0;
            dropped.add(name);
            changed += `; stop ${name}: ${zText} past ${p.stopZ}, pair dropped`;
          } else if (a.side === 1 ? a.z >= -p.exitZ : a.side === -1 ? a.z <= p.exitZ : false) {
            a.side = 0;
            changed += `; close ${name}: ${zText} back within ${p.exitZ}`;
          } else if (a.side === 0 && !dropped.has(name) && Math.abs(a.z) >= p.entryZ && Math.abs(a.z) < p.stopZ) {
            a.side = a.z > 0 ? -1 : 1;
            a.beta = a.kalman ? a.kalman.beta : a.pair.beta;
            changed += `; open ${a.side > 0 ? 'long' : 'short'} spread ${name}: ${zText}, hedge ratio ${a.beta.toFixed(3)}`;
          }
        }
        if (++sinceSelection >= p.reselectBars) {
          const ready = ctx.universe.filter((s) => history.length(s) >= p.formation).length;
          if (ready >= 2) {
            sinceSelection = 0;
            select(t);
            active = active.filter((a) => !dropped.has(keyOf(a.pair)) || a.side !== 0);
          }
        }
        if (changed !== '') retarget(`pairs-trading${changed}`);
        book.step((s) => history.close(s));
      },
      onOrderUpdate: (u) => book.onOrderUpdate(u),
    };
  },
});
