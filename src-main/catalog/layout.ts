import { TIMEFRAMES, type Timeframe } from '../../src-shared/domain/bar.js';

/**
 * Where bars live in a catalog (written down in the README's catalog section):
 *
 *   bars/<timeframe>/<symbol>/<partition>.parquet
 *
 * partition: `YYYY-MM` for 1Min to 30Min bars (a month of minute bars is 20-45 thousand rows), `YYYY` for 1Hour
 * and 4Hour, `YYYYs` (the decade, e.g. 2010s) for 1Day, 1Week and 1Month. The symbol is URI-encoded (BTC/USD ->
 * BTC%2FUSD). A range read lists one folder and opens only the partitions its range meets; inside a file, row
 * groups carry min/max time statistics, so only the groups the range meets are fetched.
 */
export type PartitionUnit = 'month' | 'year' | 'decade';

export function partitionUnit(timeframe: Timeframe): PartitionUnit {
  switch (timeframe) {
    case '1Min':
    case '5Min':
    case '15Min':
    case '30Min':
      return 'month';
    case '1Hour':
    case '4Hour':
      return 'year';
    default:
      return 'decade';
  }
}

/** The partition name of the bar starting at `t`. */
export function partitionOf(timeframe: Timeframe, t: number): string {
  const d = new Date(t);
  const year = d.getUTCFullYear();
  switch (partitionUnit(timeframe)) {
    case 'month':
      return `${String(year).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    case 'year':
      return String(year).padStart(4, '0');
    case 'decade':
      return `${String(year - (((year % 10) + 10) % 10)).padStart(4, '0')}s`;
  }
}

/** [first ms, last ms] a partition covers; undefined for a name that is not a partition of that unit. */
export function partitionSpan(unit: PartitionUnit, name: string): [number, number] | undefined {
  let m: RegExpExecArray | null;
  if (unit === 'month' && (m = /^(\d{4})-(\d{2})$/.exec(name))) {
    const y = Number(m[1]);
    const mo = Number(m[2]) - 1;
    if (mo < 0 || mo > 11) return undefined;
    return [Date.UTC(y, mo, 1), Date.UTC(y, mo + 1, 1) - 1];
  }
  if (unit === 'year' && (m = /^(\d{4})$/.exec(name))) {
    const y = Number(m[1]);
    return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1) - 1];
  }
  if (unit === 'decade' && (m = /^(\d{3}0)s$/.exec(name))) {
    const y = Number(m[1]);
    return [Date.UTC(y, 0, 1), Date.UTC(y + 10, 0, 1) - 1];
  }
  return undefined;
}

export function seriesFolder(timeframe: Timeframe, symbol: string): string {
  return `bars/${timeframe}/${encodeURIComponent(symbol)}/`;
}

export function barFileKey(timeframe: Timeframe, symbol: string, partition: string): string {
  return `${seriesFolder(timeframe, symbol)}${partition}.parquet`;
}

export interface BarFileKey {
  timeframe: Timeframe;
  symbol: string;
  partition: string;
  /** The partition's span, [first ms, last ms]. */
  span: [number, number];
}

/** A key of the layout, parsed; undefined for anything else under the root (temp files, foreign files). */
export function parseBarFileKey(key: string): BarFileKey | undefined {
  const m = /^bars\/([^/]+)\/([^/]+)\/([^/]+)\.parquet$/.exec(key);
  if (!m) return undefined;
  const timeframe = (TIMEFRAMES as readonly string[]).find((tf) => tf === m[1]) as Timeframe | undefined;
  if (!timeframe) return undefined;
  let symbol: string;
  try {
    symbol = decodeURIComponent(m[2]!);
  } catch {
    return undefined;
  }
  const span = partitionSpan(partitionUnit(timeframe), m[3]!);
  if (!span) return undefined;
  return { timeframe, symbol, partition: m[3]!, span };
}
