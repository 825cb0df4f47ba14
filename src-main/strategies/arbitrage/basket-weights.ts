import { CodedError } from '../../../src-shared/ipc/errors.js';

/** Weights of an ETF's holdings, summing to 1 (file order kept). */
export type BasketWeights = ReadonlyArray<{ symbol: string; weight: number }>;

/**
 * Reads a holdings file as issuers publish them, reduced to two columns: `symbol,weight` per line (a header line
 * and blank lines are skipped; weights may be fractions or percents). Weights are scaled to sum to 1: a file of the
 * top holdings stands for the whole fund. A bad line is refused with its number.
 */
export function parseBasketWeights(text: string, file = 'weights file'): BasketWeights {
  const rows: Array<{ symbol: string; weight: number }> = [];
  const lines = text.split(/\r?\n/);
  let headerSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [rawSymbol, rawWeight, ...rest] = line.split(',').map((f) => f.trim());
    const weight = Number((rawWeight ?? '').replace(/%$/, ''));
    if (rows.length === 0 && !headerSeen && !Number.isFinite(weight)) {
      headerSeen = true; // the first content line may be a header
      continue;
    }
    if (rest.length > 0 || !rawSymbol || !/^[A-Z][A-Z0-9.]{0,9}$/.test(rawSymbol.toUpperCase()) || !(weight > 0) || !Number.isFinite(weight)) {
      throw new CodedError('BAD_REQUEST', `${file} line ${i + 1}: expected "SYMBOL,weight" with a positive weight, got "${line}"`);
    }
    const symbol = rawSymbol.toUpperCase();
    if (rows.some((r) => r.symbol === symbol)) throw new CodedError('BAD_REQUEST', `${file} line ${i + 1}: ${symbol} is listed twice`);
    rows.push({ symbol, weight });
  }
  if (rows.length === 0) throw new CodedError('BAD_REQUEST', `${file} has no holdings`);
  const total = rows.reduce((s, r) => s + r.weight, 0);
  return rows.map((r) => ({ symbol: r.symbol, weight: r.weight / total }));
}
