import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import type { BuilderLeg } from './legs.js';

/**
 * What the builder's position becomes at the broker. Alpaca's `mleg` order takes 2 to 4 option legs and no stock,
 * so: the option legs go as ONE mleg order (one leg alone: a plain option order), `qty` spreads with each leg's
 * ratio; stock legs are not sent at all. A stock template (covered call, protective put, collar) needs the shares
 * held already (buy them first from the Ticket): sending the shares and the options as two orders would leave the
 * position half built if one filled and the other did not.
 */
export interface OrderPlan {
  /** Option legs merged per contract, ratios reduced by their common factor. */
  legs: Array<{ symbol: string; side: 'buy' | 'sell'; ratio: number; premium: number }>;
  /** Spreads: the common factor of the legs' quantities. */
  spreads: number;
  /** Net price per spread at the legs' prices in the builder (buys at the ask, sells at the bid); negative is a credit. */
  natural: number;
  /** Shares the position assumes are held (signed: negative short), or 0 without a stock leg. */
  sharesNeeded: number;
  underlying: string | null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

const cents = (v: number): number => Math.round(v * 100) / 100;

/** The plan for the builder's legs, or a message saying why they cannot be one order. */
export function planOrder(legs: readonly BuilderLeg[]): OrderPlan | { error: string } {
  const byContract = new Map<string, { units: number; premium: number }>();
  let shares = 0;
  let underlying: string | null = null;
  for (const leg of legs) {
    const signed = leg.side === 'buy' ? leg.quantity : -leg.quantity;
    if (leg.type === 'stock') {
      shares += signed;
      underlying = leg.symbol;
      continue;
    }
    if (!Number.isInteger(leg.quantity) || leg.quantity <= 0) return { error: `${leg.symbol}: options trade in whole contracts, got ${leg.quantity}` };
    const seen = byContract.get(leg.symbol);
    byContract.set(leg.symbol, { units: (seen?.units ?? 0) + signed, premium: leg.premium });
  }
  const merged = [...byContract].filter(([, v]) => v.units !== 0);
  if (merged.length === 0) return { error: 'no option legs to send (the legs cancel out, or there are none)' };
  if (merged.length > 4) return { error: `${merged.length} option contracts: one multi-leg order takes at most 4` };
  const spreads = merged.reduce((g, [, v]) => gcd(g, Math.abs(v.units)), 0);
  const planned = merged.map(([symbol, v]) => ({ symbol, side: v.units > 0 ? ('buy' as const) : ('sell' as const), ratio: Math.abs(v.units) / spreads, premium: v.premium }));
  const natural = cents(planned.reduce((sum, l) => sum + (l.side === 'buy' ? 1 : -1) * l.ratio * l.premium, 0));
  return { legs: planned, spreads, natural, sharesNeeded: shares, underlying };
}

/** Position intents from what is held: a buy against a short closes it, a sell against a long closes it. */
function intentOf(side: 'buy' | 'sell', held: number): 'buy_to_open' | 'buy_to_close' | 'sell_to_open' | 'sell_to_close' {
  if (side === 'buy') return held < 0 ? 'buy_to_close' : 'buy_to_open';
  return held > 0 ? 'sell_to_close' : 'sell_to_open';
}

/**
 * The order intent for `spreads` of the plan at a net limit per spread (negative: a credit) or at market. One
 * option leg alone is a plain limit order on that contract: its limit is the leg's own price, always positive.
 */
export function planIntent(plan: OrderPlan, spreads: number, netLimit: number | null, timeInForce: 'day' | 'gtc', held: ReadonlyMap<string, number>): OrderIntentInput {
  const priced = netLimit === null ? { type: 'market' as const } : { type: 'limit' as const, limitPrice: netLimit.toFixed(2) };
  if (plan.legs.length === 1) {
    const leg = plan.legs[0]!;
    const limit = netLimit === null ? {} : { limitPrice: Math.abs(netLimit / leg.ratio).toFixed(2) };
    return { symbol: leg.symbol, side: leg.side, ...priced, ...limit, timeInForce, qty: String(spreads * leg.ratio), positionIntent: intentOf(leg.side, held.get(leg.symbol) ?? 0) };
  }
  return {
    orderClass: 'mleg',
    ...priced,
    timeInForce,
    qty: String(spreads),
    legs: plan.legs.map((l) => ({ symbol: l.symbol, side: l.side, ratioQty: String(l.ratio), positionIntent: intentOf(l.side, held.get(l.symbol) ?? 0) })),
  };
}

/** Whether the shares a stock template assumes are held: null when it needs none, else what is missing. */
export function sharesShortfall(plan: OrderPlan, spreads: number, held: ReadonlyMap<string, number>): { needed: number; held: number } | null {
  if (plan.sharesNeeded === 0 || !plan.underlying) return null;
  // The builder's stock leg is for its own quantity of spreads; more spreads need shares in proportion.
  const needed = (plan.sharesNeeded / plan.spreads) * spreads;
  const have = held.get(plan.underlying) ?? 0;
  const enough = needed > 0 ? have >= needed : have <= needed;
  return enough ? null : { needed, held: have };
}
