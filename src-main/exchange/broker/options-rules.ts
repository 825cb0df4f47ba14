import type { Account } from './account.js';
import { Decimal, ZERO } from './decimal.js';
import { invalidInput, optionsLevelNotEligible, uncoveredOption } from './errors.js';
import { TERMINAL_STATUSES } from './model.js';
import type { LegSpec, OrderSpec } from './order-request.js';
import { parseOcc } from '../market/options-chain.js';

/**
 * Options trading levels as Alpaca enforces them (shared/alpaca-contract README section 10): 0 disabled; 1 covered
 * calls and cash-secured puts (and closing); 2 adds buying calls and puts; 3 adds spreads (multi-leg orders). The
 * account's level is its configuration's max_options_trading_level (the demo account is approved for 3). Short
 * options must be covered at every level: by shares for a call, by cash for a put, or inside a multi-leg order by a
 * long leg of the same type expiring no earlier.
 */
export function optionsLevel(account: Account): number {
  return account.configurations.max_options_trading_level;
}

/** Shares of the underlying already promised to open short calls (sell orders working, short call positions). */
function sharesCommitted(account: Account, underlying: string): Decimal {
  let committed = ZERO;
  for (const p of account.positions.values()) {
    const occ = p.assetClass === 'us_option' ? parseOcc(p.symbol) : undefined;
    if (occ && occ.underlying === underlying && occ.type === 'call' && p.qty.isNegative()) committed = committed.plus(p.qty.abs().times(100));
  }
  for (const o of account.orders.values()) {
    if (TERMINAL_STATUSES.has(o.status) || o.side !== 'sell' || o.assetClass !== 'us_option' || o.positionIntent !== 'sell_to_open' || o.qty === null) continue;
    const occ = parseOcc(o.symbol);
    if (occ && occ.underlying === underlying && occ.type === 'call') committed = committed.plus(o.qty.minus(o.filledQty).times(100));
  }
  return committed;
}

/** Cash already promised to open short puts (positions and working sell-to-open orders), at their strikes. */
function cashCommitted(account: Account): Decimal {
  let committed = ZERO;
  for (const p of account.positions.values()) {
    const occ = p.assetClass === 'us_option' ? parseOcc(p.symbol) : undefined;
    if (occ && occ.type === 'put' && p.qty.isNegative()) committed = committed.plus(p.qty.abs().times(occ.strike).times(100));
  }
  for (const o of account.orders.values()) {
    if (TERMINAL_STATUSES.has(o.status) || o.side !== 'sell' || o.assetClass !== 'us_option' || o.positionIntent !== 'sell_to_open' || o.qty === null) continue;
    const occ = parseOcc(o.symbol);
    if (occ && occ.type === 'put') committed = committed.plus(o.qty.minus(o.filledQty).times(occ.strike).times(100));
  }
  return committed;
}

/** Refuses a single-leg option order the account's level (or coverage) does not allow. */
export function checkSingleLegOption(account: Account, spec: OrderSpec): void {
  const instrument = spec.instrument;
  if (!instrument || instrument.assetClass !== 'us_option') return;
  const level = optionsLevel(account);
  if (level < 1) throw optionsLevelNotEligible(1);
  const qty = spec.qty ?? ZERO;
  const position = account.positionQty(instrument.symbol);
  const closing = spec.side === 'sell' ? position.gt(0) && qty.lte(position) : position.lt(0) && qty.lte(position.abs());
  if (closing) return;
  if (spec.side === 'buy') {
    if (level < 2) throw optionsLevelNotEligible(2);
    return;
  }
  const occ = parseOcc(instrument.symbol);
  if (!occ) return;
  if (occ.type === 'call') {
    const shares = account.positionQty(occ.underlying);
    const needed = qty.times(100).plus(sharesCommitted(account, occ.underlying));
    if (shares.lt(needed)) {
      throw uncoveredOption(`uncovered call: selling ${qty.toFixed()} ${instrument.symbol} needs ${needed.toFixed()} shares of ${occ.underlying} held, the account has ${shares.toFixed()} (naked calls are not offered)`);
    }
    return;
  }
  const needed = qty.times(occ.strike).times(100).plus(cashCommitted(account));
  if (account.cash.lt(needed)) {
    throw uncoveredOption(`insufficient cash for a cash-secured put: ${needed.toFixed(2)} needed at the strikes, ${account.cash.toFixed(2)} in cash (naked puts are not offered)`);
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A multi-leg order as Alpaca validates it: level 3; every leg an option on one underlying; ratio_qty values with a
 * GCD of 1; time in force day or gtc; every short leg covered by long legs of the same type expiring no earlier
 * (by ratio).
 */
export function checkMultiLeg(account: Account, spec: OrderSpec): void {
  const level = optionsLevel(account);
  if (level < 3) throw optionsLevelNotEligible(3);
  if (spec.timeInForce !== 'day' && spec.timeInForce !== 'gtc') throw invalidInput('mleg orders must be day or gtc orders');
  const parsed = spec.legs.map((leg: LegSpec) => {
    if (leg.instrument.assetClass !== 'us_option') throw invalidInput(`leg ${leg.instrument.symbol} is not an option: mleg orders take option legs only`);
    const occ = parseOcc(leg.instrument.symbol);
    if (!occ) throw invalidInput(`leg ${leg.instrument.symbol} is not an option symbol`);
    return { leg, occ };
  });
  const underlyings = new Set(parsed.map((p) => p.occ.underlying));
  if (underlyings.size > 1) throw invalidInput(`all legs of an mleg order must have the same underlying, got ${[...underlyings].join(', ')}`);
  const ratios = spec.legs.map((l) => l.ratioQty.toNumber());
  if (ratios.reduce((a, b) => gcd(a, b)) !== 1) throw invalidInput(`ratio_qty values must be in simplest form (GCD 1), got ${ratios.join(':')}`);
  for (const { leg, occ } of parsed) {
    if (leg.side !== 'sell') continue;
    const longs = parsed.filter((p) => p.leg.side === 'buy' && p.occ.type === occ.type && p.occ.expiration >= occ.expiration);
    const shorts = parsed.filter((p) => p.leg.side === 'sell' && p.occ.type === occ.type);
    const long = longs.reduce((s, p) => s + p.leg.ratioQty.toNumber(), 0);
    const short = shorts.reduce((s, p) => s + p.leg.ratioQty.toNumber(), 0);
    if (long < short) throw uncoveredOption(`uncovered short leg ${leg.instrument.symbol}: every short leg must be covered by a long ${occ.type} leg expiring no earlier in the same order`);
  }
}
