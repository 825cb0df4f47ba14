import { z } from 'zod';

/**
 * How simulated orders meet the bars. Every rule here is written down in README.md ("Backtest fill rules"), and
 * each has a hand-computed test in tests/unit/backtest.
 */
export const slippageModel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** Every market-like fill moves against the trader by `bps` basis points of the price. */
  z.strictObject({ kind: z.literal('fixed-bps'), bps: z.number().min(0).max(10_000) }),
  /**
   * Price impact grows with the share of the bar's volume taken: impact = `impact` * share^2 (as a fraction of
   * price); a fill takes at most `maxShare` of the bar's volume, the rest stays working.
   */
  z.strictObject({ kind: z.literal('volume-share'), impact: z.number().min(0).max(10), maxShare: z.number().gt(0).max(1) }),
]);

export const commissionModel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('per-share'), perShare: z.number().min(0), minPerOrder: z.number().min(0).default(0) }),
  z.strictObject({ kind: z.literal('per-order'), perOrder: z.number().min(0) }),
  /** A percentage of the fill's notional: 0.1 means 0.1 %. */
  z.strictObject({ kind: z.literal('percent'), percent: z.number().min(0).max(100) }),
]);

/** Alpaca passes these through on sells: the SEC fee (on notional) and FINRA's trading activity fee (per share, capped). */
export const regulatoryFees = z.strictObject({
  secPerMillion: z.number().min(0).default(27.8),
  tafPerShare: z.number().min(0).default(0.000166),
  tafMax: z.number().min(0).default(8.3),
});

/**
 * Quote-level fills (README "Quote-level fill rules", src-main/backtest/ticks/queue-fill-model.ts): with it, and
 * quotes in the run (MarketData.setTicks), orders of a symbol that has quotes fill against its quotes and trades with a
 * queue position instead of against its bars. `latencyMs` delays placing, replacing and cancelling alike.
 */
export const queueFills = z.strictObject({
  latencyMs: z.number().min(0).max(60_000).default(0),
});

export const fillModel = z.strictObject({
  /** 'next-open': a market order fills at the next bar's open. 'close': at the close of the bar it was sent on. */
  marketFill: z.enum(['next-open', 'close']).default('next-open'),
  slippage: slippageModel.default({ kind: 'none' }),
  commission: commissionModel.default({ kind: 'none' }),
  regulatoryFees: regulatoryFees.optional(),
  /** Absent: orders meet bars only (every run before quote-level backtests, bit for bit). */
  queue: queueFills.optional(),
});

export const accountModel = z.strictObject({
  cash: z.number().positive().default(100_000),
  /** Gross exposure may reach equity x leverage: 1 is a cash account, 2 Reg T overnight margin, 4 day-trading. */
  leverage: z.number().min(1).max(10).default(1),
  allowShort: z.boolean().default(false),
});

export type FillModel = z.output<typeof fillModel>;
export type FillModelInput = z.input<typeof fillModel>;
export type AccountModel = z.output<typeof accountModel>;
export type AccountModelInput = z.input<typeof accountModel>;
export type CommissionModel = z.output<typeof commissionModel>;
export type SlippageModel = z.output<typeof slippageModel>;
export type RegulatoryFees = z.output<typeof regulatoryFees>;
export type QueueFills = z.output<typeof queueFills>;

/** Rounds a fee up to the next cent, as brokers do (a fee is never rounded in the trader's favour). */
export function ceilCents(x: number): number {
  // The 1e-9 absorbs float noise such as 0.1 + 0.2 so an exact cent amount is not pushed up a cent.
  return Math.ceil(x * 100 - 1e-9) / 100;
}

export function commissionFor(model: CommissionModel, qty: number, price: number, orderAlreadyCharged: number): number {
  switch (model.kind) {
    case 'none':
      return 0;
    case 'per-share': {
      const fee = qty * model.perShare;
      // The per-order minimum applies to the order as a whole: a later partial fill pays only what is still short.
      const topUp = Math.max(0, model.minPerOrder - orderAlreadyCharged - fee);
      return Math.round((fee + topUp) * 1e6) / 1e6;
    }
    case 'per-order':
      return orderAlreadyCharged > 0 ? 0 : model.perOrder;
    case 'percent':
      return Math.round(qty * price * (model.percent / 100) * 1e6) / 1e6;
  }
}

/** SEC fee + FINRA TAF on a sell fill, each rounded up to the cent; buys pay neither. */
export function regulatoryFeeFor(fees: RegulatoryFees | undefined, side: 'buy' | 'sell', qty: number, price: number): number {
  if (!fees || side === 'buy') return 0;
  const sec = ceilCents((qty * price * fees.secPerMillion) / 1e6);
  const taf = Math.min(ceilCents(qty * fees.tafPerShare), fees.tafMax);
  return Math.round((sec + taf) * 100) / 100;
}

/** The fill price after slippage for a market-like fill (market orders and triggered stops). */
export function slippedPrice(model: SlippageModel, side: 'buy' | 'sell', price: number, qty: number, volume: number): number {
  let fraction = 0;
  if (model.kind === 'fixed-bps') fraction = model.bps / 10_000;
  else if (model.kind === 'volume-share' && volume > 0) {
    const share = qty / volume;
    fraction = model.impact * share * share;
  }
  return side === 'buy' ? price * (1 + fraction) : price * (1 - fraction);
}

/** How many shares a fill may take from a bar: all of them, or `maxShare` of the bar's volume. */
export function fillableQty(model: SlippageModel, remaining: number, volume: number): number {
  if (model.kind !== 'volume-share') return remaining;
  return Math.min(remaining, Math.floor(model.maxShare * volume));
}
