// The text form of a leg, shared by the command line and any text box in the GUI:
//   buy 1 call 100 @2.50 [years=0.25] [vol=0.3] [mult=100]
//   sell 2 put 95 [@1.10] ...          (no price: the leg is priced by Black-Scholes-Merton at its volatility)
//   buy 100 stock @98.50
import { OptionsError } from './types.js';

export interface LegSpec {
  side: 'buy' | 'sell';
  kind: 'call' | 'put' | 'stock';
  quantity: number;
  strike?: number;
  premium?: number;
  years?: number;
  vol?: number;
  multiplier?: number;
}

export const LEG_SYNTAX = '"buy|sell QTY call|put STRIKE [@PRICE] [years=T] [vol=V] [mult=N]" or "buy|sell QTY stock @PRICE"';

function num(text: string, what: string, raw: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new OptionsError('OPTION_BAD_INPUT', `leg "${raw}": ${what} must be a number, got "${text}" (syntax: ${LEG_SYNTAX})`);
  return v;
}

export function parseLeg(raw: string): LegSpec {
  const tokens = raw.trim().split(/\s+/);
  const fail = (why: string): never => {
    throw new OptionsError('OPTION_BAD_INPUT', `leg "${raw}": ${why} (syntax: ${LEG_SYNTAX})`);
  };
  const side = tokens[0]?.toLowerCase();
  if (side !== 'buy' && side !== 'sell') fail('starts with buy or sell');
  const quantity = num(tokens[1] ?? '', 'quantity', raw);
  if (!(quantity > 0)) fail('quantity must be above 0');
  const kind = tokens[2]?.toLowerCase();
  if (kind !== 'call' && kind !== 'put' && kind !== 'stock') fail('the third word is call, put or stock');
  const spec: LegSpec = { side: side as LegSpec['side'], kind: kind as LegSpec['kind'], quantity };
  let i = 3;
  if (kind !== 'stock') {
    spec.strike = num(tokens[3] ?? '', 'strike', raw);
    i = 4;
  }
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith('@')) spec.premium = num(t.slice(1), 'price', raw);
    else if (t.startsWith('years=')) spec.years = num(t.slice(6), 'years', raw);
    else if (t.startsWith('vol=')) spec.vol = num(t.slice(4), 'vol', raw);
    else if (t.startsWith('mult=')) spec.multiplier = num(t.slice(5), 'mult', raw);
    else fail(`unexpected "${t}"`);
  }
  if (kind === 'stock' && spec.premium === undefined) fail('a stock leg needs its price, e.g. @98.50');
  return spec;
}
