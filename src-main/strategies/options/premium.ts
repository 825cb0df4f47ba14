import { z } from 'zod';
import { defineOptionStrategy, expiryIn, unitsForMaxLoss } from '../../kernel/strategy/options.js';
import { exitParams, manage } from './rules.js';
import { butterfly, calendar, ironCondor, pair } from './structures.js';

const dte = {
  minDays: z.number().int().min(1).max(365).default(30).describe('shortest days to expiry at entry'),
  maxDays: z.number().int().min(1).max(365).default(45).describe('longest days to expiry at entry'),
};

/** Short put and call near delta 0.16 with wings, 30-45 days: a credit; out at 50% of it, 21 days, 2x, or delta 0.30. */
export const ironCondorStrategy = defineOptionStrategy({
  name: 'iron-condor',
  description: 'Sells an iron condor (short strikes near |delta| 0.16, wings a share of the spot further out, 30-45 days to expiry) for a net credit; closes at 50% of the credit, at 21 days to expiry, when the cost to close reaches 2x the credit, or when a short strike reaches |delta| 0.30; sized so the maximum loss stays within a share of the equity.',
  family: 'options',
  needs: ['bars', 'options'],
  params: z.object({ ...dte, shortDelta: z.number().min(0.05).max(0.45).default(0.16), wingPct: z.number().min(0.005).max(0.3).default(0.05), shortDeltaLimit: z.number().min(0.2).max(0.9).default(0.3), ...exitParams }),
  warmup: () => 30,
  create: (p, ctx) => ({
    onBar: () => {
      if (manage(ctx, { ...p, shortDeltaLimit: p.shortDeltaLimit }) > 0) return;
      const chain = ctx.chain();
      const expiry = expiryIn(chain, p.minDays, p.maxDays);
      const s = expiry ? ironCondor(chain, expiry, p.shortDelta, p.wingPct) : undefined;
      if (!s || s.net >= 0) return;
      ctx.open('iron-condor', s.legs, unitsForMaxLoss(ctx.portfolio.equity(), p.maxLossShare, s.maxLoss), `iron condor for a ${(-s.net).toFixed(2)} credit`);
    },
  }),
});

/** A long call butterfly with its body at the money: a small debit that pays most when the price stays put. */
export const butterflyStrategy = defineOptionStrategy({
  name: 'butterfly',
  description: 'Buys a +1/-2/+1 butterfly (calls or puts) with the body at the strike nearest the current price and wings a share of the spot away, 21-45 days out; closes at the profit take (a share of the debit), the stop, or the exit days; sized by the debit (its maximum loss).',
  family: 'options',
  needs: ['bars', 'options'],
  params: z.object({ minDays: z.number().int().min(1).max(365).default(21), maxDays: z.number().int().min(1).max(365).default(45), type: z.enum(['call', 'put']).default('call'), wingPct: z.number().min(0.005).max(0.3).default(0.04), ...exitParams, profitTake: exitParams.profitTake.default(1), stopLoss: exitParams.stopLoss.default(0.5), exitDays: exitParams.exitDays.default(7) }),
  warmup: () => 30,
  create: (p, ctx) => ({
    onBar: () => {
      if (manage(ctx, p) > 0) return;
      const chain = ctx.chain();
      const expiry = expiryIn(chain, p.minDays, p.maxDays);
      const s = expiry ? butterfly(chain, expiry, chain.spot, p.wingPct, p.type) : undefined;
      if (!s) return;
      ctx.open('butterfly', s.legs, unitsForMaxLoss(ctx.portfolio.equity(), p.maxLossShare, s.maxLoss), `${p.type} butterfly at ${chain.spot.toFixed(2)} for a ${s.net.toFixed(2)} debit`);
    },
  }),
});

function pairStrategy(name: 'straddle' | 'strangle', delta: number, description: string) {
  return defineOptionStrategy({
    name,
    description,
    family: 'options',
    needs: ['bars', 'options'],
    params: z.object({
      side: z.enum(['long', 'short']).default('long'),
      minDays: z.number().int().min(1).max(365).default(name === 'strangle' ? 7 : 20),
      maxDays: z.number().int().min(1).max(365).default(name === 'strangle' ? 15 : 40),
      delta: z.number().min(0.05).max(0.5).default(delta),
      wingPct: z.number().min(0.005).max(0.3).default(0.08),
      /** Long: enter only at an IV rank at or below this; short: at or above 100 minus it. */
      ivRankLimit: z.number().min(0).max(100).default(50),
      ...exitParams,
      exitDays: exitParams.exitDays.default(name === 'strangle' ? 2 : 7),
    }),
    warmup: () => 30,
    create: (p, ctx) => ({
      onBar: () => {
        if (manage(ctx, p) > 0) return;
        const chain = ctx.chain();
        const rank = chain.ivRank();
        if (rank !== null && (p.side === 'long' ? rank > p.ivRankLimit : rank < 100 - p.ivRankLimit)) return;
        const expiry = expiryIn(chain, p.minDays, p.maxDays);
        const s = expiry ? pair(chain, expiry, name === 'straddle' ? 0.5 : p.delta, p.side, p.wingPct) : undefined;
        if (!s) return;
        ctx.open(`${p.side}-${name}`, s.legs, unitsForMaxLoss(ctx.portfolio.equity(), p.maxLossShare, s.maxLoss), `${p.side} ${name} (IV rank ${rank === null ? 'n/a' : rank.toFixed(0)})`);
      },
    }),
  });
}

export const straddleStrategy = pairStrategy(
  'straddle',
  0.5,
  'Long: buys the at-the-money call and put 20-40 days out when IV rank is low (ahead of a move). Short: sells them with long wings (an iron butterfly, since Alpaca offers no uncovered short options) when IV rank is high. Exits on profit take, stop or days to expiry; sized so the maximum loss stays within a share of the equity.',
);
export const strangleStrategy = pairStrategy(
  'strangle',
  0.25,
  'Long: buys the call and put near |delta| 0.25, 7-15 days out, when IV rank is low. Short: sells them with long wings (an iron condor, since Alpaca offers no uncovered short options) when IV rank is high. Exits on profit take, stop or days to expiry; sized so the maximum loss stays within a share of the equity.',
);

/** Sell the near month, buy the far one at the same strike: a time-decay trade. */
export const calendarSpreadStrategy = defineOptionStrategy({
  name: 'calendar-spread',
  description: 'Sells the near expiry (20-35 days) and buys the far one (50-80 days) at the strike nearest the price, for a debit (time decay of the near leg); closes at the profit take, the stop, or 5 days before the near expiry; sized by the debit.',
  family: 'options',
  needs: ['bars', 'options'],
  params: z.object({ type: z.enum(['call', 'put']).default('call'), nearMin: z.number().int().min(1).max(120).default(20), nearMax: z.number().int().min(1).max(120).default(35), farMin: z.number().int().min(2).max(365).default(50), farMax: z.number().int().min(2).max(365).default(80), ...exitParams, profitTake: exitParams.profitTake.default(0.25), stopLoss: exitParams.stopLoss.default(0.5), exitDays: exitParams.exitDays.default(5) }),
  warmup: () => 30,
  create: (p, ctx) => ({
    onBar: () => {
      if (manage(ctx, p) > 0) return;
      const chain = ctx.chain();
      const near = expiryIn(chain, p.nearMin, p.nearMax);
      const far = expiryIn(chain, p.farMin, p.farMax);
      const s = near && far ? calendar(chain, near, far, p.type) : undefined;
      if (!s) return;
      ctx.open('calendar', s.legs, unitsForMaxLoss(ctx.portfolio.equity(), p.maxLossShare, s.maxLoss), `calendar ${near}/${far} for a ${s.net.toFixed(2)} debit`);
    },
  }),
});
