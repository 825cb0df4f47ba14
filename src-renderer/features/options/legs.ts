import type { Leg } from '../../../src-shared/options/index.js';
import type { ChainRow } from '../../../src-shared/ipc/options-schemas.js';
import type { StrikeRow } from './chain-rows.js';

/**
 * A leg of the builder: the contract it came from (for the order and the table) and its pricing inputs. A stock leg
 * (covered call, protective put, collar) is the underlying's shares: quantity in shares, premium the spot, no strike,
 * expiry or IV; its delta is 1 a share.
 */
export interface BuilderLeg {
  symbol: string;
  type: 'call' | 'put' | 'stock';
  side: 'buy' | 'sell';
  quantity: number;
  strike: number;
  expiration: string;
  /** Price per share: the ask when buying, the bid when selling (the mid or last when that side is missing). */
  premium: number;
  iv: number;
}

const DAY_MS = 86_400_000;

/** Years from `now` to the expiry date's 16:00 New York close (taken as 20:00 UTC, close enough for a payoff chart). */
export function yearsTo(expiration: string, now: number): number {
  const close = Date.parse(`${expiration}T20:00:00Z`);
  return Math.max(0, (close - now) / DAY_MS / 365);
}

function priceOf(row: ChainRow, side: 'buy' | 'sell'): number | null {
  const mid = row.bid !== null && row.ask !== null ? (row.bid + row.ask) / 2 : null;
  return (side === 'buy' ? row.ask : row.bid) ?? mid ?? row.last;
}

/** A builder leg from a chain row, or null when the row has no price or no IV to value it with. */
export function legFromRow(row: ChainRow, side: 'buy' | 'sell', quantity = 1): BuilderLeg | null {
  const premium = priceOf(row, side);
  if (premium === null || row.iv === null || row.iv <= 0) return null;
  return { symbol: row.symbol, type: row.type, side, quantity, strike: row.strike, expiration: row.expiration, premium, iv: row.iv };
}

/** Shares of the underlying at `price` (the spot when the leg is added). */
export function stockLeg(underlying: string, side: 'buy' | 'sell', shares: number, price: number): BuilderLeg {
  return { symbol: underlying, type: 'stock', side, quantity: shares, strike: 0, expiration: '', premium: price, iv: 0 };
}

/** The pricing library's legs, `now` fixing each option leg's time to expiry. */
export function toPricingLegs(legs: readonly BuilderLeg[], now: number): Leg[] {
  return legs.map((l): Leg =>
    l.type === 'stock'
      ? { kind: 'stock', side: l.side, quantity: l.quantity, premium: l.premium }
      : { kind: l.type, side: l.side, quantity: l.quantity, premium: l.premium, strike: l.strike, years: yearsTo(l.expiration, now), vol: l.iv },
  );
}

/** Index of the strike row nearest the spot (the at-the-money line). */
export function atmIndex(rows: readonly StrikeRow[], spot: number): number {
  let best = 0;
  for (let i = 1; i < rows.length; i++) if (Math.abs(rows[i]!.strike - spot) < Math.abs(rows[best]!.strike - spot)) best = i;
  return best;
}
