import type { DataSource, SymbolSnapshot, SymbolStatus } from '../../../src-shared/ipc/market-data-schemas.js';

/** One row of the watchlist grid. Prices are market data (float64), shown rounded; null means not known yet. */
export interface WatchRow {
  symbol: string;
  last: number | null;
  prevClose: number | null;
  change: number | null;
  changePct: number | null;
  bid: number | null;
  ask: number | null;
  spread: number | null;
  volume: number | null;
  source: DataSource | null;
  stale: boolean;
  /** Updates seen since the row was added (a row that ticks shows it moving). */
  ticks: number;
  updatedAt: number | null;
}

export function emptyRow(symbol: string): WatchRow {
  return { symbol, last: null, prevClose: null, change: null, changePct: null, bid: null, ask: null, spread: null, volume: null, source: null, stale: false, ticks: 0, updatedAt: null };
}

function withDerived(row: WatchRow): WatchRow {
  const change = row.last !== null && row.prevClose !== null ? row.last - row.prevClose : null;
  const changePct = change !== null && row.prevClose ? (change / row.prevClose) * 100 : null;
  const spread = row.bid !== null && row.ask !== null && row.bid > 0 && row.ask > 0 ? row.ask - row.bid : null;
  return { ...row, change, changePct, spread };
}

export function applySnapshot(row: WatchRow, s: SymbolSnapshot): WatchRow {
  return withDerived({
    ...row,
    last: s.latestTrade?.price ?? s.dailyBar?.c ?? row.last,
    prevClose: s.prevDailyBar?.c ?? row.prevClose,
    bid: s.latestQuote?.bid ?? row.bid,
    ask: s.latestQuote?.ask ?? row.ask,
    volume: s.dailyBar?.v ?? row.volume,
    source: s.source,
    stale: s.stale,
    updatedAt: s.latestTrade?.t ?? s.latestQuote?.t ?? row.updatedAt,
  });
}

export function applyTrades(row: WatchRow, trades: Array<{ t: number; price: number; size: number; source: DataSource }>): WatchRow {
  if (trades.length === 0) return row;
  let latest = trades[0]!;
  let size = 0;
  for (const t of trades) {
    size += t.size;
    if (t.t >= latest.t) latest = t;
  }
  if (row.updatedAt !== null && latest.t < row.updatedAt && row.last !== null) return { ...row, volume: (row.volume ?? 0) + size };
  return withDerived({ ...row, last: latest.price, volume: (row.volume ?? 0) + size, source: latest.source, ticks: row.ticks + 1, updatedAt: latest.t });
}

export function applyQuote(row: WatchRow, quote: { t: number; bid: number; ask: number; source: DataSource }): WatchRow {
  return withDerived({ ...row, bid: quote.bid, ask: quote.ask, source: quote.source, ticks: row.ticks + 1 });
}

const FALLBACK_SOURCES: ReadonlySet<DataSource> = new Set(['synthetic', 'catalog', 'history-store']);

/**
 * The stale flag, and the source when the row has none yet; a row showing a fallback source (the stream was down)
 * takes the live source back as soon as main says the symbol is fresh, even before its next trade.
 */
export function applyStatus(row: WatchRow, status: SymbolStatus): WatchRow {
  const backToLive = row.source !== null && FALLBACK_SOURCES.has(row.source) && !FALLBACK_SOURCES.has(status.source) && !status.stale;
  return { ...row, stale: status.stale, source: backToLive ? status.source : (row.source ?? status.source) };
}
