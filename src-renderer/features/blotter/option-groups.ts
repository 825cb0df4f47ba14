import { OCC_SYMBOL } from '../../../src-shared/domain/order-intent.js';

export interface OptionLegPosition {
  symbol: string;
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
  /** YYYY-MM-DD. */
  expiry: string;
  strategy: string;
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

/**
 * Option positions grouped by underlying and expiry, each group named by the structure its legs form, with its
 * greeks from `greeksOf` (the chain's, per contract). Legs of different expiries (a calendar) are two groups.
 */
export function groupOptionPositions(positions: ReadonlyArray<{ symbol: string; qty: string }>, greeksOf: (symbol: string) => LegGreeks | null): OptionGroup[] {
  const groups = new Map<string, OptionLegPosition[]>();
  for (const p of positions) {
    const occ = OCC_SYMBOL.exec(p.symbol);
    const qty = Number(p.qty);
    if (!occ || qty === 0) continue;
    const [, root, yymmdd, right, strike] = occ as unknown as [string, string, string, string, string];
    const key = `${root} 20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
    const list = groups.get(key) ?? [];
    list.push({ symbol: p.symbol, right: right === 'C' ? 'call' : 'put', strike: Number(strike) / 1000, qty });
    groups.set(key, list);
  }
  return [...groups]
    .map(([key, legs]): OptionGroup => {
      const [underlying, expiry] = key.split(' ') as [string, string];
      let greeks: LegGreeks | null = { delta: 0, gamma: 0, theta: 0, vega: 0 };
      for (const leg of legs) {
        const g = greeksOf(leg.symbol);
        if (!g || !greeks) {
          greeks = null;
          continue;
        }
        const units = leg.qty * 100;
        greeks = { delta: greeks.delta + units * g.delta, gamma: greeks.gamma + units * g.gamma, theta: greeks.theta + units * g.theta, vega: greeks.vega + units * g.vega };
      }
      return { underlying, expiry, strategy: strategyName(legs), legs: legs.sort((a, b) => a.strike - b.strike), greeks };
    })
    .sort((a, b) => a.underlying.localeCompare(b.underlying) || a.expiry.localeCompare(b.expiry));
}
