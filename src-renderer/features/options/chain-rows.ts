import type { ChainRow } from '../../../src-shared/ipc/options-schemas.js';

/** One line of the chain grid: the call and the put of one strike side by side. */
export interface StrikeRow {
  strike: number;
  call: ChainRow | null;
  put: ChainRow | null;
}

/** Pairs one expiry's calls and puts by strike, strikes ascending (the grid's calls | strike | puts layout). */
export function pairByStrike(rows: readonly ChainRow[], expiry: string): StrikeRow[] {
  const byStrike = new Map<number, StrikeRow>();
  for (const row of rows) {
    if (row.expiration !== expiry) continue;
    const line = byStrike.get(row.strike) ?? { strike: row.strike, call: null, put: null };
    if (row.type === 'call') line.call = row;
    else line.put = row;
    byStrike.set(row.strike, line);
  }
  return [...byStrike.values()].sort((a, b) => a.strike - b.strike);
}
