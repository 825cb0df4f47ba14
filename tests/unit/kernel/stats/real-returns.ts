import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYahooCsv } from '../../../../src-main/history/csv/yahoo.js';
import { YAHOO_DAILY_DIR } from '../../../support/data.js';

const FILES = ['orcl-1995-2014.txt', 'nvda-1999-2014.txt', 'yhoo-1996-2014.txt'];

/**
 * A universe of real daily returns wider than the three stocks the fixtures hold: each stock's close-to-close
 * returns cut into consecutive `rows`-day stretches, each stretch a column (row r of every column is the r-th day
 * of its stretch). Real fat tails, volatility clusters and common moves within a stock's own history; enough
 * columns (about 16 per stock at 250 rows) for a PCA of a few dozen "symbols".
 */
export function realReturnColumns(rows: number): Float64Array[] {
  const columns: number[][] = [];
  for (const file of FILES) {
    const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
    const returns: number[] = [];
    for (let i = 1; i < bars.length; i++) returns.push(bars[i]!.c / bars[i - 1]!.c - 1);
    for (let from = 0; from + rows <= returns.length; from += rows) columns.push(returns.slice(from, from + rows));
  }
  return Array.from({ length: rows }, (_, r) => Float64Array.from(columns, (col) => col[r]!));
}
