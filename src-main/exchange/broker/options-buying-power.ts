import type { EpochMs } from '../../../src-shared/time.js';
import type { Account } from './account.js';
import { Decimal, decStr, ZERO } from './decimal.js';
import { AlpacaHttpError } from '../server/route-types.js';
import type { OrderSpec } from './order-request.js';
import type { Valuer } from './valuation.js';
import { parseOcc } from '../market/options-chain.js';
import { nyDate, nyTime } from '../market/ny-time.js';

/**
 * Options buying power as Alpaca applies it (shared/alpaca-contract README section 10, the options guides): a long
 * option costs its premium; a short option or spread holds its maximum loss at expiry (a cash-secured put its
 * strike, a credit spread its width) out of the options buying power; a call covered by shares holds nothing. The
 * premium a sale brings is cash already, so what the book holds is its worst payoff at expiry. Over the options
 * buying power an order is refused with Alpaca's 403 body (`options_buying_power`, `cost_basis`).
 */

const MULTIPLIER = 100;

interface Leg {
  underlying: string;
  type: 'call' | 'put';
  strike: Decimal;
  /** Signed contracts. */
  qty: Decimal;
}

function legsOf(book: ReadonlyMap<string, Decimal>): Leg[] {
  const out: Leg[] = [];
  for (const [symbol, qty] of book) {
    const occ = parseOcc(symbol);
    if (occ && !qty.isZero()) out.push({ underlying: occ.underlying, type: occ.type, strike: new Decimal(occ.strike), qty });
  }
  return out;
}

/**
 * The worst payoff at expiry of one underlying's option legs as a positive amount (dollars), short calls covered by
 * `shares` (100 a contract, net of long calls) left out; Infinity when uncovered calls leave it unbounded.
 */
function worstLoss(legs: readonly Leg[], shares: Decimal): Decimal {
  if (legs.length === 0) return ZERO;
  const netCalls = legs.filter((l) => l.type === 'call').reduce((s, l) => s.plus(l.qty), ZERO);
  let covered = Decimal.min(Decimal.max(ZERO, shares).div(MULTIPLIER).floor(), Decimal.max(ZERO, netCalls.neg()));
  // The covered contracts are taken from the lowest short call strikes first (their loss is the shares' gain).
  const adjusted = [...legs].sort((a, b) => a.strike.comparedTo(b.strike)).map((l) => {
    if (l.type !== 'call' || !l.qty.isNegative() || covered.isZero()) return l;
    const n = Decimal.min(covered, l.qty.neg());
    covered = covered.minus(n);
    return { ...l, qty: l.qty.plus(n) };
  });
  const payoff = (s: Decimal): Decimal => adjusted.reduce((v, l) => v.plus((l.type === 'call' ? Decimal.max(ZERO, s.minus(l.strike)) : Decimal.max(ZERO, l.strike.minus(s))).times(l.qty)), ZERO);
  let worst = payoff(ZERO);
  let top = ZERO;
  for (const l of adjusted) {
    worst = Decimal.min(worst, payoff(l.strike));
    top = Decimal.max(top, l.strike);
  }
  if (payoff(top.plus(1)).lt(payoff(top))) return new Decimal(Infinity);
  return Decimal.max(ZERO, worst.neg()).times(MULTIPLIER);
}

/** The account's option positions by symbol (signed contracts). */
function bookOf(account: Account): Map<string, Decimal> {
  const book = new Map<string, Decimal>();
  for (const p of account.positions.values()) if (p.assetClass === 'us_option') book.set(p.symbol, p.qty);
  return book;
}

/** What the option book holds back: the worst loss at expiry, per underlying, with its shares covering calls. */
export function optionsMarginHeld(account: Account, book: ReadonlyMap<string, Decimal> = bookOf(account)): Decimal {
  const byUnderlying = new Map<string, Leg[]>();
  for (const leg of legsOf(book)) byUnderlying.set(leg.underlying, [...(byUnderlying.get(leg.underlying) ?? []), leg]);
  let held = ZERO;
  for (const [underlying, legs] of byUnderlying) held = held.plus(worstLoss(legs, account.positionQty(underlying)));
  return held;
}

/** options_buying_power: the non-marginable buying power less what the option book holds. */
export function optionsBuyingPower(account: Account, nonMarginableBuyingPower: Decimal): Decimal {
  const held = optionsMarginHeld(account);
  const left = nonMarginableBuyingPower.minus(held.isFinite() ? held : ZERO);
  return left.isNegative() ? ZERO : left;
}

export function insufficientOptionsBuyingPower(available: Decimal, cost: Decimal): AlpacaHttpError {
  return new AlpacaHttpError(403, { options_buying_power: decStr(available), code: 40310000, cost_basis: decStr(cost.toDecimalPlaces(2)), message: 'insufficient options buying power' });
}

/** The option legs of an order with signed contracts and the price each is estimated to trade at (per share). */
function orderLegs(spec: OrderSpec, valuer: Valuer): Array<{ symbol: string; qty: Decimal; price: Decimal }> {
  if (spec.orderClass === 'mleg') {
    return spec.legs.map((leg) => {
      const qty = leg.ratioQty.times(spec.qty ?? 1);
      return { symbol: leg.instrument.symbol, qty: leg.side === 'buy' ? qty : qty.neg(), price: valuer.estimatePrice(leg.instrument.symbol, leg.side, null) };
    });
  }
  const instrument = spec.instrument;
  if (!instrument || instrument.assetClass !== 'us_option' || !spec.qty) return [];
  return [{ symbol: instrument.symbol, qty: spec.side === 'buy' ? spec.qty : spec.qty.neg(), price: valuer.estimatePrice(instrument.symbol, spec.side, spec.limitPrice) }];
}

/**
 * Refuses an option order whose premium plus the margin it adds (the change in the book's worst loss at expiry) is
 * over the options buying power. Orders that close (the book's worst loss does not grow and nothing is paid) pass.
 */
export function checkOptionsBuyingPower(account: Account, spec: OrderSpec, valuer: Valuer, nonMarginableBuyingPower: Decimal): void {
  const legs = orderLegs(spec, valuer);
  if (legs.length === 0) return;
  // The premium: at the legs' estimated prices, or the mleg order's net limit (positive a debit, negative a credit).
  let premium = legs.reduce((sum, l) => sum.plus(l.qty.times(l.price).times(MULTIPLIER)), ZERO);
  if (spec.orderClass === 'mleg' && spec.type === 'limit' && spec.limitPrice) premium = spec.limitPrice.times(MULTIPLIER).times(spec.qty ?? 1);
  const book = bookOf(account);
  const before = optionsMarginHeld(account, book);
  for (const l of legs) book.set(l.symbol, (book.get(l.symbol) ?? ZERO).plus(l.qty));
  const after = optionsMarginHeld(account, book);
  // Uncovered short calls are refused by the level rules before this; an unbounded book here adds nothing new.
  const margin = after.isFinite() && before.isFinite() ? after.minus(before) : ZERO;
  const cost = Decimal.max(ZERO, premium.isPositive() ? premium.plus(margin) : margin.plus(premium));
  if (cost.isZero() || (margin.lte(0) && premium.lte(0))) return;
  const available = nonMarginableBuyingPower.minus(before.isFinite() ? before : ZERO);
  if (cost.gt(available)) throw insufficientOptionsBuyingPower(Decimal.max(ZERO, available), cost);
}

/** Broad index ETFs whose options trade to 3:30 pm ET on their expiration day (16:15 settlement products). */
const BROAD_ETFS: ReadonlySet<string> = new Set(['SPY', 'QQQ', 'IWM', 'DIA']);

export function expiryDayCutoff(underlying: string): { hour: number; minute: number } {
  return BROAD_ETFS.has(underlying) ? { hour: 15, minute: 30 } : { hour: 15, minute: 15 };
}

/**
 * Expiration day: an order that opens (or adds to) a position in a contract expiring today is refused from 3:15 pm
 * ET (3:30 pm for broad ETFs such as SPY and QQQ), as Alpaca's options notebook says; closing stays allowed. The
 * body is ours (Alpaca's text for it was not found): 403 with code 40310000.
 */
export function checkExpiryDayCutoff(account: Account, spec: OrderSpec, now: EpochMs): void {
  const legs = spec.orderClass === 'mleg' ? spec.legs.map((l) => ({ symbol: l.instrument.symbol, side: l.side })) : spec.instrument?.assetClass === 'us_option' ? [{ symbol: spec.instrument.symbol, side: spec.side }] : [];
  const today = nyDate(now);
  for (const leg of legs) {
    const occ = parseOcc(leg.symbol);
    if (!occ || occ.expiration !== today) continue;
    const held = account.positionQty(leg.symbol);
    const closing = leg.side === 'sell' ? held.isPositive() : held.isNegative();
    if (closing) continue;
    const cut = expiryDayCutoff(occ.underlying);
    if (now >= nyTime(today, cut.hour, cut.minute)) {
      const at = `${cut.hour - 12}:${String(cut.minute).padStart(2, '0')} pm ET`;
      throw new AlpacaHttpError(403, { code: 40310000, message: `options expiring today cannot be opened after ${at}: ${leg.symbol} can only be closed` });
    }
  }
}
