import { z } from 'zod';
import { defineOptionStrategy, expiryIn, nearestDelta } from '../../kernel/strategy/options.js';

/** Shares bought with `allocation` of the equity, in round lots of 100 (an option covers 100 shares). */
function lots(equity: number, allocation: number, spot: number): number {
  return Math.floor((equity * allocation) / spot / 100);
}

/** 100 shares per contract and one short call on them, rolled before expiry or when deep in the money. */
export const coveredCallStrategy = defineOptionStrategy({
  name: 'covered-call',
  description: 'Holds round lots of the underlying (a share of the equity) and sells one call per 100 shares near the target delta, 25-45 days out; rolls (closes and sells a new one) at the roll days or when the call reaches the roll delta; an assigned call delivers the shares, which are bought back at the next close. The maximum loss is the stock\'s, sized by the allocation.',
  family: 'options',
  needs: ['bars', 'options'],
  params: z.object({ allocation: z.number().min(0.1).max(1).default(0.9), callDelta: z.number().min(0.05).max(0.6).default(0.3), minDays: z.number().int().min(1).max(365).default(25), maxDays: z.number().int().min(1).max(365).default(45), rollDays: z.number().int().min(0).max(30).default(5), rollDelta: z.number().min(0.4).max(1).default(0.75) }),
  warmup: () => 30,
  create: (p, ctx) => ({
    onBar: (bar) => {
      const chain = ctx.chain();
      const wanted = lots(ctx.portfolio.equity(), p.allocation, bar.c) * 100;
      if (ctx.portfolio.shares() < wanted && ctx.portfolio.positions().length === 0) ctx.trade(wanted - ctx.portfolio.shares(), 'shares to cover the calls');
      for (const pos of ctx.portfolio.positions()) {
        const c = chain.contract(pos.legs[0]!.symbol);
        if (!c) continue;
        if (c.days <= p.rollDays) ctx.close(pos.id, `roll: ${c.days} days to expiry`);
        else if (c.delta >= p.rollDelta) ctx.close(pos.id, `roll: call at delta ${c.delta.toFixed(2)}`);
      }
      if (ctx.portfolio.positions().length > 0) return;
      const contracts = Math.floor(ctx.portfolio.shares() / 100);
      const expiry = expiryIn(chain, p.minDays, p.maxDays);
      const call = expiry ? nearestDelta(chain.contracts(expiry), 'call', p.callDelta) : undefined;
      if (!call || contracts < 1) return;
      ctx.open('covered-call', [{ symbol: call.symbol, side: 'sell', ratio: 1 }], contracts, `sell ${contracts} ${call.strike} calls on ${contracts * 100} shares`);
    },
  }),
});

/** Shares with a long put under them (a collar adds a short call that pays for part of the put). */
export const protectivePutStrategy = defineOptionStrategy({
  name: 'protective-put',
  description: 'Holds round lots of the underlying (a share of the equity) with one long put per 100 shares near the put delta, 45-90 days out, rolled at the roll days; with collar=true it also sells a call near the call delta, which caps the upside and pays for part of the put. The loss is bounded by the put strike (plus the premium).',
  family: 'options',
  needs: ['bars', 'options'],
  params: z.object({ allocation: z.number().min(0.1).max(1).default(0.9), putDelta: z.number().min(0.05).max(0.6).default(0.25), collar: z.boolean().default(false), callDelta: z.number().min(0.05).max(0.6).default(0.25), minDays: z.number().int().min(1).max(365).default(45), maxDays: z.number().int().min(1).max(365).default(90), rollDays: z.number().int().min(0).max(60).default(14) }),
  warmup: () => 30,
  create: (p, ctx) => ({
    onBar: (bar) => {
      const chain = ctx.chain();
      const wanted = lots(ctx.portfolio.equity(), p.allocation, bar.c) * 100;
      if (ctx.portfolio.shares() < wanted && ctx.portfolio.positions().length === 0) ctx.trade(wanted - ctx.portfolio.shares(), 'shares to protect');
      for (const pos of ctx.portfolio.positions()) {
        const days = pos.legs.reduce((least, l) => Math.min(least, chain.contract(l.symbol)?.days ?? 0), Infinity);
        if (days <= p.rollDays) ctx.close(pos.id, `roll: ${days} days to expiry`);
      }
      if (ctx.portfolio.positions().length > 0) return;
      const contracts = Math.floor(ctx.portfolio.shares() / 100);
      const expiry = expiryIn(chain, p.minDays, p.maxDays);
      if (!expiry || contracts < 1) return;
      const list = chain.contracts(expiry);
      const put = nearestDelta(list, 'put', -p.putDelta);
      const call = p.collar ? nearestDelta(list, 'call', p.callDelta) : undefined;
      if (!put || (p.collar && !call)) return;
      const legs = [{ symbol: put.symbol, side: 'buy' as const, ratio: 1 }, ...(call ? [{ symbol: call.symbol, side: 'sell' as const, ratio: 1 }] : [])];
      ctx.open(p.collar ? 'collar' : 'protective-put', legs, contracts, `${p.collar ? 'collar' : 'put'} on ${contracts * 100} shares, put ${put.strike}${call ? `, call ${call.strike}` : ''}`);
    },
  }),
});
