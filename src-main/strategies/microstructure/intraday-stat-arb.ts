import { z } from 'zod';
import { KalmanHedge } from '../../kernel/stats/kalman-hedge.js';
import type { PairCandidate } from '../../kernel/stats/pair-selection.js';
import { defineStrategy, type StrategyContext } from '../../kernel/strategy/types.js';
import { CloseHistory } from '../shared/close-history.js';
import { pairKey, pairTargets, rotatePairs } from '../shared/pair-rotation.js';
import { Rebalancer } from '../shared/rebalancer.js';
import { NyClose } from './session.js';

const params = z.object({
  formation: z.number().int().min(30).max(2_000).default(180).describe('1-minute bars of log prices behind the cointegration test, the hedge ratio and the half-life'),
  reselectBars: z.number().int().min(5).max(2_000).default(60).describe('bars between pair selections (a pair with an open position is kept until it closes)'),
  maxPValue: z.number().min(0.001).max(0.2).default(0.05).describe('Engle-Granger p-value a pair must reach'),
  adfLags: z.number().int().min(0).max(12).default(1).describe('lagged differences in the ADF test of each spread'),
  minHalfLife: z.number().min(1).max(60).default(2).describe('fewest bars of spread half-life'),
  maxHalfLife: z.number().min(5).max(390).default(30).describe('most bars of spread half-life (a slower spread may not revert before the close)'),
  minCrossings: z.number().min(0).max(200).default(10).describe('fewest crossings of the spread\'s mean per session of 390 bars'),
  maxCandidatePairs: z.number().int().min(10).max(200_000).default(100).describe('pairs tested at a selection: the closest by normalised price distance (Gatev, Goetzmann and Rouwenhorst 2006) when the universe has more (14 symbols have 91; testing all 124,750 of 500 symbols took 3.3 s)'),
  maxPairs: z.number().int().min(1).max(10).default(1).describe('pairs traded at once, sharing the capital equally'),
  delta: z.number().min(1e-12).max(1e-4).default(1e-9).describe('how fast the Kalman hedge ratio may move per bar (state noise delta / (1 - delta) on log prices: a minute\'s spread moves little, so this is far below the daily strategy\'s)'),
  entryZ: z.number().min(0.5).max(5).default(2).describe('open when the spread\'s z-score reaches this'),
  exitZ: z.number().min(0).max(2).default(0.5).describe('close when the z-score is back within this'),
  stopZ: z.number().min(2).max(10).default(4).describe('close and drop the pair past this z-score'),
  investFraction: z.number().min(0.1).max(1).default(0.5).describe('gross exposure of all pairs as a share of equity'),
  flattenMinutes: z.number().min(1).max(120).default(10).describe('minutes before the 16:00 close when every position is closed and no pair opens'),
});
type Params = z.output<typeof params>;

const MINUTE = 60_000;
const SESSION_MS = 6.5 * 3_600_000;

interface Active {
  pair: PairCandidate;
  kalman: KalmanHedge;
  side: number;
  beta: number;
  z: number;
}

/**
 * Pairs trading inside the session on 1-minute bars: the daily `pairs-trading` strategy's pieces (Engle-Granger
 * selection with half-life and mean-crossing filters, kernel/stats/pair-selection.ts; Chan's Kalman hedge ratio and
 * forecast-error z-score, kernel/stats/kalman-hedge.ts) over a window of `formation` minutes, reselected every
 * `reselectBars`. Open at |z| >= entryZ, close at |z| <= exitZ, stop and drop the pair at stopZ; every position
 * is closed `flattenMinutes` before the close and nothing opens after that, so the book is flat overnight. The
 * legs are market orders at the next bar: a minutes-scale strategy, not HFT.
 */
export const intradayStatArb = defineStrategy({
  name: 'intraday-stat-arb',
  description: 'Intraday pairs on 1-minute bars: Engle-Granger selection, Kalman hedge ratio, z-score entry and exit, flat by the close',
  family: 'microstructure',
  needs: ['bars'],
  minSymbols: 2,
  params,
  timeframe: '1Min',
  universe: [],
  warmup: (p: Params) => p.formation + 1,
  create(p: Params, ctx: StrategyContext) {
    const history = new CloseHistory(p.formation + 1);
    const book = new Rebalancer(ctx);
    const close = new NyClose();
    let active: Active[] = [];
    let sinceSelection = Infinity;
    const dropped = new Set<string>();
    const keyOf = pairKey;

    const start = (pair: PairCandidate): Active => {
      const kalman = new KalmanHedge(p.delta, Math.max(1e-10, pair.spreadSd ** 2));
      const ly = history.lastCloses(pair.y, p.formation).map(Math.log);
      const lx = history.lastCloses(pair.x, p.formation).map(Math.log);
      for (let i = 0; i < ly.length; i++) kalman.update(lx[i]!, ly[i]!);
      return { pair, kalman, side: 0, beta: pair.beta, z: 0 };
    };

    const select = (t: number): void => {
      dropped.clear();
      const options = { formation: p.formation, maxPairs: p.maxPairs, maxPValue: p.maxPValue, minHalfLife: p.minHalfLife, maxHalfLife: p.maxHalfLife, minCrossingsPerYear: p.minCrossings, periodsPerYear: 390, lags: p.adfLags, maxCandidates: p.maxCandidatePairs };
      active = rotatePairs(history, ctx.universe, t, options, active, (c, same) => (same ? { ...same, pair: c } : start(c)));
      if (active.length > 0) ctx.log.info(`intraday-stat-arb: trading ${active.map((a) => `${keyOf(a.pair)} (p ${a.pair.pValue.toFixed(3)}, half-life ${a.pair.halfLife.toFixed(1)} bars)`).join(', ')}`);
    };

    const retarget = (why: string): void => {
      book.setTargets(pairTargets(active, history, ctx.portfolio.equity(), { investFraction: p.investFraction, maxPairs: p.maxPairs, longOnly: false }), why);
    };

    return {
      onCrossSection(t, bars) {
        history.seed(ctx, t, '1Min');
        history.push(t, bars);
        const closeAt = close.of(t);
        const inSession = t >= closeAt - SESSION_MS && t < closeAt;
        // The bar that starts at t ends a minute later: its orders fill at the next bar, so stop one bar early.
        const closing = t + MINUTE >= closeAt - p.flattenMinutes * MINUTE;
        let changed = '';
        for (const a of active) {
          const { y, x } = a.pair;
          if (history.lastTime(y) !== t || history.lastTime(x) !== t) continue;
          const step = a.kalman.update(Math.log(history.close(x)), Math.log(history.close(y)));
          a.z = step.error / Math.sqrt(step.variance);
          const name = keyOf(a.pair);
          const zText = `z ${a.z.toFixed(2)}`;
          if (a.side !== 0 && (closing || !inSession)) {
            a.side = 0;
            changed += `; close ${name} before the session ends (${zText})`;
          } else if (a.side !== 0 && Math.abs(a.z) >= p.stopZ) {
            a.side = 0;
            dropped.add(name);
            changed += `; stop ${name}: ${zText} past ${p.stopZ}, pair dropped`;
          } else if (a.side === 1 ? a.z >= -p.exitZ : a.side === -1 ? a.z <= p.exitZ : false) {
            a.side = 0;
            changed += `; close ${name}: ${zText} back within ${p.exitZ}`;
          } else if (a.side === 0 && inSession && !closing && !dropped.has(name) && Math.abs(a.z) >= p.entryZ && Math.abs(a.z) < p.stopZ) {
            a.side = a.z > 0 ? -1 : 1;
            a.beta = a.kalman.beta;
            changed += `; open ${a.side > 0 ? 'long' : 'short'} spread ${name}: ${zText}, hedge ratio ${a.beta.toFixed(3)}`;
          }
        }
        if (++sinceSelection >= p.reselectBars && ctx.universe.filter((s) => history.length(s) >= p.formation).length >= 2) {
          sinceSelection = 0;
          select(t);
          active = active.filter((a) => !dropped.has(keyOf(a.pair)) || a.side !== 0);
        }
        if (changed !== '') retarget(`intraday-stat-arb${changed}`);
        book.step((s) => history.close(s));
      },
      onOrderUpdate: (u) => book.onOrderUpdate(u),
    };
  },
});
