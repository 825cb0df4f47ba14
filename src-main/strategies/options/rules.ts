import { z } from 'zod';
import type { OptionPosition, OptionStrategyContext } from '../../kernel/strategy/options.js';

/**
 * Exit rules shared by the OptionsBot strategies, on one open structure: take profit, stop, days to expiry, and a
 * short strike under pressure (|delta| at or above a limit). Credit and debit structures read the same way: P/L per
 * unit = value now - value at the open (dollars per share), measured against the premium at risk.
 */
export const exitParams = {
  profitTake: z.number().min(0.05).max(5).default(0.5).describe('close at this share of the premium as profit'),
  stopLoss: z.number().min(0.1).max(5).default(1).describe('close when the loss reaches this share of the premium (credit: 1 = the cost to close is 2x the credit)'),
  exitDays: z.number().int().min(0).max(60).default(21).describe('close at or below this many days to the nearest expiry'),
  maxLossShare: z.number().min(0.005).max(0.5).default(0.05).describe("the structure's maximum loss as a share of the bot's equity"),
};

export interface ExitSettings {
  profitTake: number;
  stopLoss: number;
  exitDays: number;
  /** Close when a short leg's |delta| reaches this (0: never). */
  shortDeltaLimit?: number;
}

/** Days to the nearest expiry of the structure's open legs. */
export function daysLeft(ctx: OptionStrategyContext, position: OptionPosition): number {
  const chain = ctx.chain();
  let days = Infinity;
  for (const leg of position.legs) {
    const c = chain.contract(leg.symbol);
    if (c) days = Math.min(days, c.days);
  }
  return days;
}

/** The reason to close, or undefined to hold. */
export function exitReason(ctx: OptionStrategyContext, position: OptionPosition, s: ExitSettings): string | undefined {
  const premium = Math.abs(position.openPrice);
  if (premium <= 0) return undefined;
  const pnl = position.value() - position.openPrice;
  if (pnl >= s.profitTake * premium) return `profit ${(pnl / premium * 100).toFixed(0)}% of the premium`;
  if (-pnl >= s.stopLoss * premium) return `loss ${(-pnl / premium * 100).toFixed(0)}% of the premium`;
  const days = daysLeft(ctx, position);
  if (days <= s.exitDays) return `${days} days to expiry`;
  if (s.shortDeltaLimit) {
    const chain = ctx.chain();
    for (const leg of position.legs) {
      const c = chain.contract(leg.symbol);
      if (leg.side === 'sell' && c && Math.abs(c.delta) >= s.shortDeltaLimit) return `short ${c.type} ${c.strike} at delta ${c.delta.toFixed(2)}`;
    }
  }
  return undefined;
}

/**
 * Applies the exit rules to every open structure of the strategy; returns how many remain open. Shares delivered by
 * an exercise or an assignment are sold (or bought back) at the close unless the strategy keeps shares by design.
 */
export function manage(ctx: OptionStrategyContext, s: ExitSettings, keepShares = false): number {
  if (!keepShares && ctx.portfolio.shares() !== 0) ctx.trade(-ctx.portfolio.shares(), 'flatten shares delivered at expiry');
  let open = 0;
  for (const p of ctx.portfolio.positions()) {
    const reason = exitReason(ctx, p, s);
    if (reason) ctx.close(p.id, reason);
    else open++;
  }
  return open;
}
