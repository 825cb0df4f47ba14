import { z } from 'zod';
import type { EpochMs } from '../../../src-shared/time.js';
import { portfolioParams } from '../../kernel/strategy/portfolio-params.js';
import { defineStrategy, type InsightDirection, type Quote, type StrategyContext } from '../../kernel/strategy/types.js';
import { MicrostructureFeatures } from './features.js';
import { NyClose } from './session.js';

const params = z.object({
  imbalanceThreshold: z.number().min(0.05).max(0.95).default(0.3).describe('top-of-book size imbalance (bid - ask) / (bid + ask) that counts as pressure'),
  ofiThreshold: z.number().min(0).max(20).default(0.5).describe('order-flow imbalance over the window, in units of the mean displayed depth, that counts as pressure'),
  ofiWindowSec: z.number().min(1).max(300).default(10).describe('seconds of quotes the order-flow imbalance sums'),
  holdSeconds: z.number().min(5).max(3_600).default(120).describe('holding horizon of a signal (its insight expires after it unless renewed)'),
  renewSeconds: z.number().min(1).max(3_600).default(30).describe('a signal in the same direction renews its insight at most this often'),
  minQuotes: z.number().int().min(2).max(10_000).default(20).describe('quotes of a symbol before its first signal'),
  flattenMinutes: z.number().min(1).max(120).default(5).describe('minutes before the 16:00 close after which no signal opens and positions go flat'),
  ...portfolioParams,
  maxWeight: z.number().min(0.01).max(1).default(0.25).describe('largest share of capital in one symbol'),
});
type Params = z.output<typeof params>;

const SESSION_MS = 6.5 * 3_600_000;

/**
 * Order-flow imbalance on top-of-book quotes: two readings of the same pressure must agree before it trades. The
 * size imbalance (bidSize - askSize) / (bidSize + askSize) of the current quote, and Cont, Kukanov and Stoikov's
 * order-flow imbalance (2014: size added to or taken from the best bid and offer between successive quotes, summed
 * over `ofiWindowSec`, divided by the mean displayed depth) both above their thresholds: buying pressure, an `up`
 * insight for `holdSeconds`; both below minus them: `down` (a short only where the portfolio allows shorts, else
 * flat). The portfolio layer sizes and executes the insights, at the next bar. No signal opens in the last
 * `flattenMinutes` of the session, when a flat insight closes what is held. On Alpaca's IEX quotes this is one
 * venue's top of book, refreshed at its own pace: a minutes-scale intraday signal, not HFT.
 */
export const orderFlowImbalance = defineStrategy({
  name: 'order-flow-imbalance',
  description: 'Trades top-of-book size imbalance and Cont-Kukanov-Stoikov order-flow imbalance when both agree, held for a set horizon (intraday, not HFT)',
  family: 'microstructure',
  needs: ['bars', 'quotes'],
  params,
  timeframe: '1Min',
  universe: [],
  warmup: () => 1,
  create(p: Params, ctx: StrategyContext) {
    const features = new Map<string, MicrostructureFeatures>();
    const last = new Map<string, { direction: InsightDirection; at: EpochMs }>();
    const close = new NyClose();
    const emit = (symbol: string, direction: InsightDirection, now: EpochMs, confidence: number, horizonMs: number, reason: string): void => {
      last.set(symbol, { direction, at: now });
      ctx.emitInsight({ symbol, direction, confidence, horizonMs, reason });
    };
    return {
      onQuote(symbol: string, q: Readonly<Quote>) {
        let f = features.get(symbol);
        if (!f) {
          f = new MicrostructureFeatures({ ofiWindowMs: p.ofiWindowSec * 1000 });
          features.set(symbol, f);
        }
        f.onQuote(q);
        const now = q.t;
        const closeAt = close.of(now);
        if (now < closeAt - SESSION_MS || now >= closeAt) return;
        const prev = last.get(symbol);
        if (now >= closeAt - p.flattenMinutes * 60_000) {
          if (prev && prev.direction !== 'flat') emit(symbol, 'flat', now, 1, closeAt - now + 60_000, `order-flow-imbalance: flat ${symbol} before the close`);
          return;
        }
        const s = f.snapshot(now);
        if (!s || s.quotes < p.minQuotes) return;
        const direction: InsightDirection =
          s.imbalance >= p.imbalanceThreshold && s.ofiNormalised >= p.ofiThreshold ? 'up' : s.imbalance <= -p.imbalanceThreshold && s.ofiNormalised <= -p.ofiThreshold ? 'down' : 'flat';
        if (direction === 'flat') return;
        if (prev && prev.direction === direction && now - prev.at < p.renewSeconds * 1000) return;
        // Confidence: how far past its threshold each reading is, averaged and capped at 1.
        const over = (x: number, th: number): number => Math.min(1, Math.abs(x) / Math.max(th, 1e-9) - 1);
        const confidence = Math.min(1, Math.max(0.05, 0.5 * (over(s.imbalance, p.imbalanceThreshold) + over(s.ofiNormalised, Math.max(p.ofiThreshold, 0.01)))));
        const pressure = direction === 'up' ? 'buying' : 'selling';
        const reason =
          `order-flow-imbalance: ${pressure} pressure on ${symbol}: size imbalance ${s.imbalance.toFixed(2)} (bid ${q.bidSize} vs ask ${q.askSize} shares, threshold ${p.imbalanceThreshold}) ` +
          `and order-flow imbalance ${s.ofiNormalised.toFixed(2)} of the displayed depth over ${p.ofiWindowSec} s (threshold ${p.ofiThreshold}); ` +
          `expects the mid ${s.mid.toFixed(4)} to move ${direction} within ${p.holdSeconds} s`;
        emit(symbol, direction, now, confidence, p.holdSeconds * 1000, reason);
      },
    };
  },
});
