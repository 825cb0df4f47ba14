import type { ChainContract, OptionChainView, OptionLeg } from '../../kernel/strategy/options.js';
import { nearestDelta, nearestStrike } from '../../kernel/strategy/options.js';

/**
 * A structure ready to send: its legs, net premium per unit at mid (debit positive), and maximum loss per unit in
 * dollars including a round trip's friction (crossing half the spread on each leg both ways, and $0.65 a contract
 * each way), so sizing by maximum loss does not drown a cheap structure in costs.
 */
export interface Structure {
  legs: OptionLeg[];
  net: number;
  maxLoss: number;
}

const M = 100;
const COMMISSION = 0.65;

function build(parts: { c: ChainContract | undefined; side: 'buy' | 'sell'; ratio: number }[]): { legs: OptionLeg[]; net: number; friction: number } | undefined {
  if (parts.some((p) => !p.c)) return undefined;
  const symbols = new Set(parts.map((p) => p.c!.symbol));
  if (symbols.size !== parts.length) return undefined; // wings collapsed onto the body: no structure
  const halfSpreads = parts.reduce((s, p) => s + ((p.c!.ask - p.c!.bid) / 2) * p.ratio, 0);
  const net = parts.reduce((s, p) => s + (p.side === 'buy' ? 1 : -1) * p.c!.mid * p.ratio, 0);
  // A premium no bigger than the spreads it crosses is mostly friction: not worth sending.
  if (Math.abs(net) <= 2 * halfSpreads) return undefined;
  const contracts = parts.reduce((s, p) => s + p.ratio, 0);
  return { legs: parts.map((p) => ({ symbol: p.c!.symbol, side: p.side, ratio: p.ratio })), net, friction: 2 * halfSpreads * M + 2 * COMMISSION * contracts };
}

/** Short put and call near |delta| `shortDelta`, long wings `wingPct` of the spot further out: a net credit. */
export function ironCondor(chain: OptionChainView, expiry: string, shortDelta: number, wingPct: number): Structure | undefined {
  const list = chain.contracts(expiry);
  const sp = nearestDelta(list, 'put', -shortDelta);
  const sc = nearestDelta(list, 'call', shortDelta);
  if (!sp || !sc) return undefined;
  const w = chain.spot * wingPct;
  const lp = nearestStrike(list, 'put', sp.strike - w);
  const lc = nearestStrike(list, 'call', sc.strike + w);
  const s = build([{ c: lp, side: 'buy', ratio: 1 }, { c: sp, side: 'sell', ratio: 1 }, { c: sc, side: 'sell', ratio: 1 }, { c: lc, side: 'buy', ratio: 1 }]);
  if (!s || !lp || !lc || lp.strike >= sp.strike || lc.strike <= sc.strike) return undefined;
  const width = Math.max(sp.strike - lp.strike, lc.strike - sc.strike);
  return { legs: s.legs, net: s.net, maxLoss: (width + s.net) * M + s.friction };
}

/** +1/-2/+1 of `type` around the strike nearest `center`, wings `wingPct` of the spot away: a debit. */
export function butterfly(chain: OptionChainView, expiry: string, center: number, wingPct: number, type: 'call' | 'put'): Structure | undefined {
  const list = chain.contracts(expiry);
  const body = nearestStrike(list, type, center);
  if (!body) return undefined;
  const w = chain.spot * wingPct;
  const low = nearestStrike(list, type, body.strike - w);
  const high = nearestStrike(list, type, body.strike + w);
  const s = build([{ c: low, side: 'buy', ratio: 1 }, { c: body, side: 'sell', ratio: 2 }, { c: high, side: 'buy', ratio: 1 }]);
  if (!s || s.net <= 0) return undefined;
  return { legs: s.legs, net: s.net, maxLoss: s.net * M + s.friction };
}

/**
 * Call and put at `callDelta`/-`putDelta` (a straddle at 0.5, a strangle further out). Long: a debit, the loss at
 * most the premium. Short: sold with long wings `wingPct` further out (an iron butterfly or condor), since Alpaca
 * does not offer uncovered short options.
 */
export function pair(chain: OptionChainView, expiry: string, delta: number, side: 'long' | 'short', wingPct: number): Structure | undefined {
  const list = chain.contracts(expiry);
  const call = delta >= 0.5 ? nearestStrike(list, 'call', chain.spot) : nearestDelta(list, 'call', delta);
  const put = delta >= 0.5 ? nearestStrike(list, 'put', call?.strike ?? chain.spot) : nearestDelta(list, 'put', -delta);
  if (!call || !put) return undefined;
  if (side === 'long') {
    const s = build([{ c: call, side: 'buy', ratio: 1 }, { c: put, side: 'buy', ratio: 1 }]);
    return s ? { legs: s.legs, net: s.net, maxLoss: s.net * M + s.friction } : undefined;
  }
  const w = chain.spot * wingPct;
  const lp = nearestStrike(list, 'put', put.strike - w);
  const lc = nearestStrike(list, 'call', call.strike + w);
  const s = build([{ c: lp, side: 'buy', ratio: 1 }, { c: put, side: 'sell', ratio: 1 }, { c: call, side: 'sell', ratio: 1 }, { c: lc, side: 'buy', ratio: 1 }]);
  if (!s || !lp || !lc || lp.strike >= put.strike || lc.strike <= call.strike) return undefined;
  const width = Math.max(put.strike - lp.strike, lc.strike - call.strike);
  return { legs: s.legs, net: s.net, maxLoss: (width + s.net) * M + s.friction };
}

/** Sell the near expiry, buy the far one, same strike (nearest the spot) and type: a debit, lost at most. */
export function calendar(chain: OptionChainView, near: string, far: string, type: 'call' | 'put'): Structure | undefined {
  const n = nearestStrike(chain.contracts(near), type, chain.spot);
  if (!n) return undefined;
  const f = chain.contracts(far).find((c) => c.type === type && c.strike === n.strike);
  const s = build([{ c: n, side: 'sell', ratio: 1 }, { c: f, side: 'buy', ratio: 1 }]);
  if (!s || s.net <= 0) return undefined;
  return { legs: s.legs, net: s.net, maxLoss: s.net * M + s.friction };
}
