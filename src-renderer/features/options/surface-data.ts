import type { ChainRow } from '../../../src-shared/ipc/options-schemas.js';
import { yearsTo } from './legs.js';

/** Moneyness (strike / spot) from 0.80 to 1.20: the surface's strike axis. */
export const MONEYNESS = Array.from({ length: 21 }, (_, i) => Math.round((0.8 + i * 0.02) * 100) / 100);

export interface SurfaceData {
  /** [moneyness, days to expiry, IV in %] on the grid, expiry by expiry (echarts-gl's surface order). */
  grid: Array<[number, number, number]>;
  /** How many moneyness points a row has (the surface's dataShape: rows x columns). */
  shape: [number, number];
  /** [strike, IV %] of one expiry: calls and puts. */
  smile: { calls: Array<[number, number]>; puts: Array<[number, number]> };
  /** [days, ATM IV %] per expiry. */
  term: Array<[number, number]>;
  /** Expiries on the surface with their days. */
  expiries: Array<{ expiry: string; days: number }>;
}

/** IV per strike of one expiry from out-of-the-money contracts (puts below the spot, calls above): the liquid side. */
function otmCurve(rows: readonly ChainRow[], spot: number): Array<[number, number]> {
  const byStrike = new Map<number, { call?: number; put?: number }>();
  for (const row of rows) {
    if (row.iv === null || row.iv <= 0) continue;
    const slot = byStrike.get(row.strike) ?? {};
    slot[row.type] = row.iv;
    byStrike.set(row.strike, slot);
  }
  return [...byStrike]
    .map(([strike, v]): [number, number] | null => {
      const iv = strike < spot ? (v.put ?? v.call) : (v.call ?? v.put);
      return iv === undefined ? null : [strike, iv];
    })
    .filter((p): p is [number, number] => p !== null)
    .sort((a, b) => a[0] - b[0]);
}

/** Linear in strike between listed strikes, flat beyond the first and last (said so in the GUI). */
function interpolate(curve: ReadonlyArray<[number, number]>, strike: number): number {
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  if (strike <= first[0]) return first[1];
  if (strike >= last[0]) return last[1];
  let i = 1;
  while (curve[i]![0] < strike) i++;
  const [k0, v0] = curve[i - 1]!;
  const [k1, v1] = curve[i]!;
  return v0 + ((v1 - v0) * (strike - k0)) / (k1 - k0);
}

const pct = (v: number): number => Math.round(v * 10000) / 100;

/**
 * The chain snapshot as a volatility surface (moneyness x days x IV), the smile of `smileExpiry` and the ATM term
 * structure. Expiries with fewer than two priced strikes are left out; days are counted from the chain's `asOf`.
 */
export function buildSurface(rows: readonly ChainRow[], spot: number, asOf: number, smileExpiry: string | null): SurfaceData {
  const byExpiry = new Map<string, ChainRow[]>();
  for (const row of rows) {
    const list = byExpiry.get(row.expiration) ?? [];
    list.push(row);
    byExpiry.set(row.expiration, list);
  }
  const grid: Array<[number, number, number]> = [];
  const term: Array<[number, number]> = [];
  const expiries: Array<{ expiry: string; days: number }> = [];
  for (const expiry of [...byExpiry.keys()].sort()) {
    const curve = otmCurve(byExpiry.get(expiry)!, spot);
    if (curve.length < 2) continue;
    const days = Math.round(yearsTo(expiry, asOf) * 365 * 10) / 10;
    expiries.push({ expiry, days });
    for (const m of MONEYNESS) grid.push([m, days, pct(interpolate(curve, m * spot))]);
    term.push([days, pct(interpolate(curve, spot))]);
  }
  const smileRows = smileExpiry ? (byExpiry.get(smileExpiry) ?? []) : [];
  const side = (type: 'call' | 'put') =>
    smileRows
      .filter((r) => r.type === type && r.iv !== null && r.iv > 0)
      .map((r): [number, number] => [r.strike, pct(r.iv!)])
      .sort((a, b) => a[0] - b[0]);
  return { grid, shape: [expiries.length, MONEYNESS.length], smile: { calls: side('call'), puts: side('put') }, term, expiries };
}
