import { z } from 'zod';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { ols, ones } from '../../kernel/stats/ols.js';
import { defineStrategy, type StrategyContext, type StrategyDefinition } from '../../kernel/strategy/types.js';
import { CloseHistory } from '../shared/close-history.js';
import { Rebalancer, sharesFor } from '../shared/rebalancer.js';
import type { BasketWeights } from './basket-weights.js';

const params = z.object({
  zWindow: z.number().int().min(5).max(252).default(20).describe('bars of the spread\'s norm: its rolling mean and deviation'),
  entryZ: z.number().min(0.5).max(5).default(2).describe('open when the spread is this many deviations from its norm'),
  exitZ: z.number().min(0).max(2).default(0.5).describe('close when it is back within this'),
  formation: z.number().int().min(60).max(756).default(252).describe('without a weights file: bars of log prices the basket weights are fitted on'),
  refitBars: z.number().int().min(5).max(252).default(63).describe('without a weights file: bars between refits (never while a position is open)'),
  legs: z.enum(['long-short', 'long-only']).default('long-short').describe('trade the ETF against the basket, or only buy the cheap side (a bot then never sells short)'),
  investFraction: z.number().min(0.1).max(1).default(0.9).describe('gross exposure as a share of equity, half on the ETF, half on the basket'),
});
type Params = z.output<typeof params>;

/**
 * The ETF against the weighted basket of its holdings, the single-broker form of the founding design's
 * "cross-exchange arbitrage". The universe's first symbol is the ETF, the others its holdings. The spread is
 * log ETF - sum w_i log holding_i with the weights of a holdings file (etfBasketArbWith), or, without one, the
 * least-squares fit of the ETF's log price on the holdings' over `formation` bars. It is traded against its own
 * rolling norm: |z| >= entryZ sells the rich side and buys the cheap one, |z| <= exitZ closes. This is a
 * statistical spread, not an arbitrage: only authorised participants can create or redeem ETF shares, so nothing
 * forces the gap shut, and a file of top holdings leaves part of the fund out.
 */
export function etfBasketArbWith(fileWeights?: BasketWeights): StrategyDefinition<typeof params> {
  return defineStrategy({
    name: 'etf-basket-arb',
    description: 'An ETF against the weighted basket of its holdings (weights from a file, or fitted): a z-scored statistical spread, not a riskless arbitrage',
    family: 'arbitrage',
    needs: ['bars'],
    minSymbols: 2,
    params,
    timeframe: '1Day',
    universe: [],
    warmup: (p: Params) => (fileWeights ? p.zWindow : p.formation + p.zWindow),
    create(p: Params, ctx: StrategyContext) {
      const [etf, ...holdings] = ctx.universe;
      if (etf === undefined || holdings.length === 0) throw new CodedError('BAD_REQUEST', 'etf-basket-arb: give the ETF first, then its holdings');
      if (fileWeights) {
        const missing = fileWeights.map((w) => w.symbol).filter((s) => !holdings.includes(s));
        if (missing.length > 0) throw new CodedError('BAD_REQUEST', `etf-basket-arb: ${missing.join(', ')} in the weights file ${missing.length === 1 ? 'is' : 'are'} not among the symbols after the ETF (${etf})`);
      }
      const history = new CloseHistory(Math.max(p.formation, p.zWindow) + 1);
      const book = new Rebalancer(ctx);
      let weights: Map<string, number> | undefined = fileWeights ? new Map(fileWeights.map((w) => [w.symbol, w.weight])) : undefined;
      const spreads: number[] = [];
      let side = 0;
      let sinceFit = Infinity;

      const fit = (): void => {
        const y = history.lastCloses(etf, p.formation).map(Math.log);
        const cols = holdings.map((s) => history.lastCloses(s, p.formation).map(Math.log));
        const r = ols(y, [ones(y.length), ...cols]);
        if (!r) return;
        weights = new Map(holdings.map((s, i) => [s, r.coef[i + 1]!]));
        spreads.length = 0;
        // The new weights' spread over the window it was fitted on: the norm starts full instead of empty.
        for (let t = 0; t < y.length; t++) spreads.push(y[t]! - holdings.reduce((sum, s, i) => sum + weights!.get(s)! * cols[i]![t]!, 0));
        ctx.log.info(`etf-basket-arb: basket weights fitted: ${holdings.map((s) => `${s} ${weights!.get(s)!.toFixed(3)}`).join(', ')}`);
      };

      return {
        onCrossSection(t, bars) {
          history.seed(ctx, t, '1Day');
        history.push(t, bars);
          const all = [etf, ...holdings];
          if (!all.every((s) => history.lastTime(s) === t)) {
            book.step((s) => history.close(s));
            return;
          }
          if (!fileWeights && side === 0 && ++sinceFit >= p.refitBars && all.every((s) => history.length(s) >= p.formation)) {
            sinceFit = 0;
            fit();
          }
          if (weights === undefined) return;
          const w = weights;
          spreads.push(Math.log(history.close(etf)) - holdings.reduce((sum, s) => sum + (w.get(s) ?? 0) * Math.log(history.close(s)), 0));
          if (spreads.length > 4 * Math.max(p.formation, p.zWindow)) spreads.splice(0, spreads.length - p.zWindow);
          if (spreads.length >= p.zWindow) {
            const win = spreads.slice(-p.zWindow);
            const mean = win.reduce((s, v) => s + v, 0) / win.length;
            const sd = Math.sqrt(win.reduce((s, v) => s + (v - mean) ** 2, 0) / (win.length - 1));
            const z = sd > 0 ? (win[win.length - 1]! - mean) / sd : 0;
            let why = '';
            if (side !== 0 && Math.abs(z) <= p.exitZ) {
              side = 0;
              why = `close: spread z ${z.toFixed(2)} back within ${p.exitZ}`;
            } else if (side === 0 && Math.abs(z) >= p.entryZ) {
              side = z > 0 ? -1 : 1;
              why = `${etf} ${z > 0 ? 'rich' : 'cheap'} against its basket (z ${z.toFixed(2)}): ${z > 0 ? 'sell' : 'buy'} ${etf}, ${z > 0 ? 'buy' : 'sell'} the basket`;
            }
            if (why !== '') {
              const equity = ctx.portfolio.equity();
              const targets = new Map<string, number>();
              if (side !== 0) {
                const half = p.investFraction / 2;
                const etfShares = sharesFor(side * half, equity, history.close(etf));
                if (p.legs === 'long-short' || etfShares > 0) targets.set(etf, etfShares);
                const gross = holdings.reduce((s, h) => s + Math.abs(w.get(h) ?? 0), 0);
                for (const h of holdings) {
                  const q = sharesFor((-side * half * (w.get(h) ?? 0)) / gross, equity, history.close(h));
                  if (p.legs === 'long-short' || q > 0) targets.set(h, q);
                }
              }
              book.setTargets(targets, `etf-basket-arb: ${why}`);
            }
          }
          book.step((s) => history.close(s));
        },
        onOrderUpdate: (u) => book.onOrderUpdate(u),
      };
    },
  });
}

/** The registered definition: no weights file, so the basket weights are fitted (etfBasketArbWith takes a file's). */
export const etfBasketArb = etfBasketArbWith();
