import type { ChainRow } from '../../../src-shared/ipc/options-schemas.js';
import type { StrikeRow } from './chain-rows.js';
import { atmIndex, legFromRow, stockLeg, type BuilderLeg } from './legs.js';

type Pick = { at: number; type: 'call' | 'put'; side: 'buy' | 'sell'; quantity?: number; far?: boolean } | { type: 'stock'; side: 'buy' | 'sell'; shares: number };

/** Strategy templates as legs placed by strike offset from the at-the-money line (0 = ATM, +1 = next strike up). */
export const TEMPLATES: Record<string, Pick[]> = {
  'Bull call vertical': [
    { at: 0, type: 'call', side: 'buy' },
    { at: 2, type: 'call', side: 'sell' },
  ],
  'Bear put vertical': [
    { at: 0, type: 'put', side: 'buy' },
    { at: -2, type: 'put', side: 'sell' },
  ],
  Straddle: [
    { at: 0, type: 'call', side: 'buy' },
    { at: 0, type: 'put', side: 'buy' },
  ],
  Strangle: [
    { at: 2, type: 'call', side: 'buy' },
    { at: -2, type: 'put', side: 'buy' },
  ],
  'Iron condor': [
    { at: -4, type: 'put', side: 'buy' },
    { at: -2, type: 'put', side: 'sell' },
    { at: 2, type: 'call', side: 'sell' },
    { at: 4, type: 'call', side: 'buy' },
  ],
  'Call butterfly': [
    { at: -2, type: 'call', side: 'buy' },
    { at: 0, type: 'call', side: 'sell', quantity: 2 },
    { at: 2, type: 'call', side: 'buy' },
  ],
  'Call calendar': [
    { at: 0, type: 'call', side: 'sell' },
    { at: 0, type: 'call', side: 'buy', far: true },
  ],
  // With stock: 100 shares a contract. Alpaca's mleg orders take option legs only, so the order sends the options
  // and the shares must already be held (see order-plan.ts).
  'Covered call': [
    { type: 'stock', side: 'buy', shares: 100 },
    { at: 2, type: 'call', side: 'sell' },
  ],
  'Protective put': [
    { type: 'stock', side: 'buy', shares: 100 },
    { at: -2, type: 'put', side: 'buy' },
  ],
  Collar: [
    { type: 'stock', side: 'buy', shares: 100 },
    { at: -2, type: 'put', side: 'buy' },
    { at: 2, type: 'call', side: 'sell' },
  ],
};

/**
 * The template's legs on this chain: `near` is the shown expiry's rows, `far` the next expiry's (calendars). Throws a
 * message naming what is missing when a strike or price is not there.
 */
export function buildTemplate(name: string, near: readonly StrikeRow[], far: readonly StrikeRow[], spot: number, underlying: string): BuilderLeg[] {
  const picks = TEMPLATES[name];
  if (!picks) throw new Error(`unknown template ${name}`);
  const atm = atmIndex(near, spot);
  return picks.map((p) => {
    if (p.type === 'stock') return stockLeg(underlying, p.side, p.shares, spot);
    const rows = p.far ? far : near;
    const base = p.far ? atmIndex(far, spot) : atm;
    const line = rows[base + p.at];
    const row: ChainRow | null | undefined = line?.[p.type];
    if (!row) throw new Error(`${name}: no ${p.type} ${p.at === 0 ? 'at the money' : `${Math.abs(p.at)} strikes ${p.at > 0 ? 'above' : 'below'}`}${p.far ? ' in the next expiry' : ''}`);
    const leg = legFromRow(row, p.side, p.quantity ?? 1);
    if (!leg) throw new Error(`${name}: ${row.symbol} has no price or IV to value it with`);
    return leg;
  });
}
