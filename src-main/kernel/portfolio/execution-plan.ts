import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { Target } from './construction.js';

export interface OrderPlan {
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  /** 'algo': too large against the symbol's volume to send at once; sliced by TWAP over `slices` bars. */
  kind: 'market' | 'limit' | 'algo';
  slices?: number;
  /** A limit order's price (and an algo's children's, when the bot asks for limit orders). */
  limitPrice?: number;
  /** Why: the target's cause, and for an algo why it was chosen. */
  cause: string;
}

export interface ExecutionOptions {
  algoVolumeShare: number;
  orderType: 'market' | 'limit';
  /** Limit orders: this many basis points through the last price (buys above, sells below). */
  limitOffsetBps: number;
}

export interface ExecutionFacts {
  /** Signed shares held now. */
  held: number;
  /** Signed shares of orders sent and not yet done (working, or an algo's unsent rest). */
  pending: number;
  /** Average volume per bar (shares); NaN when unknown. */
  avgVolume: number;
  /** The last price (limit orders are priced from it). */
  price: number;
}

/** Largest number of slices an algo is given (one per bar). */
const MAX_SLICES = 20;

/**
 * Execution: each target minus what is held and what is already on its way becomes one order (LEAN's rule, so a
 * rebalance never doubles an order still working). An order of at least `algoVolumeShare` of the symbol's average
 * volume per bar goes to a TWAP whose slices each stay under that share (at most 20 slices); smaller ones go as
 * market orders. A position is never flipped in one order: a flip is a close now, the new side at the next pass.
 * Orders that shrink a position come first.
 */
export function planOrders(targets: readonly Target[], facts: (symbol: string) => ExecutionFacts, options: ExecutionOptions): OrderPlan[] {
  const algoVolumeShare = options.algoVolumeShare;
  const plans: OrderPlan[] = [];
  const reducing = new Set<OrderPlan>();
  for (const target of targets) {
    const { held, pending, avgVolume, price } = facts(target.symbol);
    const expected = held + pending;
    let want = target.qty;
    // A flip (long to short or back) closes first: the ledger may sell only what it holds.
    if (expected > 0 && want < 0) want = 0;
    if (expected < 0 && want > 0) want = 0;
    const delta = want - expected;
    if (delta === 0) continue;
    const qty = Math.abs(delta);
    const shrinks = Math.abs(want) < Math.abs(expected);
    const side = delta > 0 ? 'buy' : 'sell';
    // Marketable limit: through the last price by the offset, rounded to the cent away from the market.
    const limitPrice =
      options.orderType === 'limit' && price > 0
        ? side === 'buy'
          ? Math.ceil(price * (1 + options.limitOffsetBps / 10_000) * 100) / 100
          : Math.floor(price * (1 - options.limitOffsetBps / 10_000) * 100) / 100
        : undefined;
    const priced = limitPrice !== undefined ? { limitPrice } : {};
    const share = avgVolume > 0 ? qty / avgVolume : 0;
    if (share >= algoVolumeShare) {
      const slices = Math.min(MAX_SLICES, Math.max(2, Math.ceil(share / algoVolumeShare)));
      plans.push({
        symbol: target.symbol,
        side,
        qty,
        kind: 'algo',
        slices,
        ...priced,
        cause: `${target.cause} (TWAP in ${slices} slices: ${qty} shares is ${(share * 100).toFixed(1)}% of the average volume per bar)`,
      });
    } else plans.push({ symbol: target.symbol, side, qty, kind: limitPrice !== undefined ? 'limit' : 'market', ...priced, cause: target.cause });
    if (shrinks) reducing.add(plans[plans.length - 1]!);
  }
  // Reductions first: what they free pays for what the others buy.
  return [...plans.filter((p) => reducing.has(p)), ...plans.filter((p) => !reducing.has(p))];
}

/** The day order a plan (or one algo slice of it) is sent as: market, or limit at `limitPrice`. */
export function planIntent(symbol: string, side: 'buy' | 'sell', qty: number, limitPrice: number | undefined): OrderIntent {
  const base = { symbol, side, timeInForce: 'day', qty: String(qty), extendedHours: false, orderClass: 'simple' } as const;
  return limitPrice === undefined ? { ...base, type: 'market' } : { ...base, type: 'limit', limitPrice: limitPrice.toFixed(2) };
}
