import { OCC_SYMBOL } from '../../../src-shared/domain/order-intent.js';

export interface OptionLegPosition {
  symbol: string;
  /** YYYY-MM-DD; absent where a caller names structures of one expiry only. */
  expiry?: string;
  right: 'call' | 'put';
  strike: number;
  /** Signed contracts: negative is short. */
  qty: number;
}

export interface LegGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
}

export interface OptionGroup {
  underlying: string;
  /** YYYY-MM-DD; a calendar or diagonal shows its two expiries as "near / far". */
  expiry: string;
  strategy: string;
  /** Shares of the underlying the structure's name counts on (a covered call's, a collar's); 0 when none. */
  shares: number;
  legs: OptionLegPosition[];
  /** Position greeks in dollars per unit move (contracts x 100 x the contract's greek); null while a leg has none. */
  greeks: LegGreeks | null;
}

/** The structure a set of legs of one underlying and expiry forms, named as the Options tab's templates are. */
export function strategyName(legs: readonly OptionLegPosition[]): string {
  const sorted = [...legs].sort((a, b) => a.strike - b.strike);
  const sign = (l: OptionLegPosition) => (l.qty > 0 ? 'Long' : 'Short');
  const size = (l: OptionLegPosition) => Math.abs(l.qty);
  if (sorted.length === 1) return `${sign(sorted[0]!)} ${sorted[0]!.right}`;
  const calls = sorted.filter((l) => l.right === 'call');
  const puts = sorted.filter((l) => l.right === 'put');
  if (sorted.length === 2) {
    const [a, b] = sorted as [OptionLegPosition, OptionLegPosition];
    if (a.right === b.right && Math.sign(a.qty) !== Math.sign(b.qty) && size(a) === size(b)) return `${a.right === 'call' ? 'Call' : 'Put'} vertical`;
    if (a.right !== b.right && Math.sign(a.qty) === Math.sign(b.qty) && size(a) === size(b)) return `${sign(a)} ${a.strike === b.strike ? 'straddle' : 'strangle'}`;
  }
  if (sorted.length === 3 && (calls.length === 3 || puts.length === 3)) {
    const [a, b, c] = sorted as [OptionLegPosition, OptionLegPosition, OptionLegPosition];
    if (a.qty === c.qty && b.qty === -2 * a.qty) return `${a.right === 'call' ? 'Call' : 'Put'} butterfly`;
  }
  if (sorted.length === 4 && calls.length === 2 && puts.length === 2) {
    const [p1, p2] = puts as [OptionLegPosition, OptionLegPosition];
    const [c1, c2] = calls as [OptionLegPosition, OptionLegPosition];
    const wings = p1.qty > 0 && p2.qty < 0 && c1.qty < 0 && c2.qty > 0;
    const sizes = new Set(sorted.map(size)).size === 1;
    if (wings && sizes && p2.strike <= c1.strike) return p2.strike === c1.strike ? 'Iron butterfly' : 'Iron condor';
  }
  return `Custom (${sorted.length} legs)`;
}

/** Two single-leg groups of one underlying and right, opposite and equal in size, at two expiries: a time spread. */
function timeSpreadName(near: OptionLegPosition, far: OptionLegPosition): string | null {
  if (near.right !== far.right || near.qty !== -far.qty) return null;
  const right = near.right === 'call' ? 'Call' : 'Put';
  // Long the far month is the usual calendar (long time value); short the far month is a reverse calendar.
  const reverse = far.qty < 0 ? 'Reverse ' : '';
  return `${reverse}${reverse ? right.toLowerCase() : right} ${near.strike === far.strike ? 'calendar' : 'diagonal'}`;
}

/**
 * A structure that counts on shares of the underlying: a covered call (short calls, 100 shares each held), a
 * protective put (long puts over the shares) and a collar (both), with the shares it uses. Null when the shares
 * do not cover the legs.
 */
function stockStructureName(legs: readonly OptionLegPosition[], shares: number): { name: string; shares: number } | null {
  const covers = (contracts: number) => shares > 0 && shares >= 100 * contracts;
  const shortCalls = legs.filter((l) => l.right === 'call' && l.qty < 0);
  const longPuts = legs.filter((l) => l.right === 'put' && l.qty > 0);
  if (shortCalls.length + longPuts.length !== legs.length) return null;
  const calls = -shortCalls.reduce((a, l) => a + l.qty, 0);
  const puts = longPuts.reduce((a, l) => a + l.qty, 0);
  if (shortCalls.length === 1 && longPuts.length === 1 && calls === puts && covers(calls)) return { name: 'Collar', shares: 100 * calls };
  if (shortCalls.length === 1 && longPuts.length === 0 && covers(calls)) return { name: 'Covered call', shares: 100 * calls };
  if (longPuts.length === 1 && shortCalls.length === 0 && covers(puts)) return { name: 'Protective put', shares: 100 * puts };
  return null;
}

function sumGreeks(legs: readonly OptionLegPosition[], greeksOf: (symbol: string) => LegGreeks | null): LegGreeks | null {
  let greeks: LegGreeks = { delta: 0, gamma: 0, theta: 0, vega: 0 };
  for (const leg of legs) {
    const g = greeksOf(leg.symbol);
    if (!g) return null;
    const units = leg.qty * 100;
    greeks = { delta: greeks.delta + units * g.delta, gamma: greeks.gamma + units * g.gamma, theta: greeks.theta + units * g.theta, vega: greeks.vega + units * g.vega };
  }
  return greeks;
}

/**
 * Option positions grouped by strategy, each with its greeks from `greeksOf` (the chain's, per contract). Legs are
 * grouped by underlying and expiry and named by the structure they form; then two single legs of one underlying at
 * two expiries that form a calendar or diagonal become one group, and a short call or long put over enough shares
 * of the underlying (the stock positions in `positions`) is named a covered call, protective put or collar. The
 * greeks are the options' only: the shares' delta (one per share) is the stock row's.
 */
export function groupOptionPositions(positions: ReadonlyArray<{ symbol: string; qty: string }>, greeksOf: (symbol: string) => LegGreeks | null): OptionGroup[] {
  const byExpiry = new Map<string, OptionLegPosition[]>();
  const shares = new Map<string, number>();
  for (const p of positions) {
    const occ = OCC_SYMBOL.exec(p.symbol);
    const qty = Number(p.qty);
    if (qty === 0 || !Number.isFinite(qty)) continue;
    if (!occ) {
      shares.set(p.symbol, (shares.get(p.symbol) ?? 0) + qty);
      continue;
    }
    const [, root, yymmdd, right, strike] = occ as unknown as [string, string, string, string, string];
    const expiry = `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
    const key = `${root} ${expiry}`;
    const list = byExpiry.get(key) ?? [];
    list.push({ symbol: p.symbol, expiry, right: right === 'C' ? 'call' : 'put', strike: Number(strike) / 1000, qty });
    byExpiry.set(key, list);
  }
  const groups: OptionGroup[] = [];
  const perUnderlying = new Map<string, Array<{ expiry: string; legs: OptionLegPosition[] }>>();
  for (const [key, legs] of byExpiry) {
    const [underlying, expiry] = key.split(' ') as [string, string];
    const list = perUnderlying.get(underlying) ?? [];
    list.push({ expiry, legs: legs.sort((a, b) => a.strike - b.strike) });
    perUnderlying.set(underlying, list);
  }
  for (const [underlying, expiries] of perUnderlying) {
    expiries.sort((a, b) => a.expiry.localeCompare(b.expiry));
    // shares count once: a second expiry's short call is covered only by what the first left free
    let free = shares.get(underlying) ?? 0;
    const single = expiries.filter((e) => e.legs.length === 1);
    if (expiries.length === 2 && single.length === 2) {
      const [near, far] = expiries as [{ expiry: string; legs: OptionLegPosition[] }, { expiry: string; legs: OptionLegPosition[] }];
      const name = timeSpreadName(near.legs[0]!, far.legs[0]!);
      if (name) {
        const legs = [near.legs[0]!, far.legs[0]!];
        groups.push({ underlying, expiry: `${near.expiry} / ${far.expiry}`, strategy: name, shares: 0, legs, greeks: sumGreeks(legs, greeksOf) });
        continue;
      }
    }
    for (const { expiry, legs } of expiries) {
      const withStock = stockStructureName(legs, free);
      if (withStock) free -= withStock.shares;
      groups.push({ underlying, expiry, strategy: withStock?.name ?? strategyName(legs), shares: withStock?.shares ?? 0, legs, greeks: sumGreeks(legs, greeksOf) });
    }
  }
  return groups.sort((a, b) => a.underlying.localeCompare(b.underlying) || a.expiry.localeCompare(b.expiry));
}
