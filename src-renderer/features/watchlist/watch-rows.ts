import { addTrades, NO_SESSION, sessionChange, sessionFromSnapshot, type SessionFigures } from '../../../src-shared/domain/session-figures.js';
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
  /** last, prevClose and volume as session-figures.ts defines them, whatever the source; the row shows these. */
  day: SessionFigures;
}

export function emptyRow(symbol: string): WatchRow {
  return { symbol, last: null, prevClose: null, change: null, changePct: null, bid: null, ask: null, spread: null, volume: null, source: null, stale: false, ticks: 0, updatedAt: null, day: NO_SESSION };
}

/** The shown figures from the row's session figures and quote. */
function withDerived(row: WatchRow): WatchRow {
  const spread = row.bid !== null && row.ask !== null && row.bid > 0 && row.ask > 0 ? row.ask - row.bid : null;
  return { ...row, last: row.day.last, prevClose: row.day.prevClose, volume: row.day.volume, ...sessionChange(row.day), spread };
}

export function applySnapshot(row: WatchRow, s: SymbolSnapshot): WatchRow {
  let day = sessionFromSnapshot(s);
  // Live trades that came before the snapshot's answer and are newer than its last trade keep their price.
  if (day.session !== null && row.day.session === day.session && row.day.lastAt !== null && (day.lastAt === null || row.day.lastAt > day.lastAt)) {
    day = { ...day, last: row.day.last, lastAt: row.day.lastAt };
  }
  return withDerived({
    ...row,
    day: day.session === null ? row.day : day,
    bid: s.latestQuote?.bid ?? row.bid,
    ask: s.latestQuote?.ask ?? row.ask,
    source: s.source,
    stale: s.stale,
    updatedAt: s.latestTrade?.t ?? s.latestQuote?.t ?? row.updatedAt,
  });
}

const FALLBACK_SOURCES: ReadonlySet<DataSource> = new Set(['synthetic', 'catalog', 'history-store']);

export function applyTrades(row: WatchRow, trades: Array<{ t: number; price: number; size: number; source: DataSource }>): WatchRow {
  if (trades.length === 0) return row;
  let latest = trades[0]!;
  for (const t of trades) if (t.t >= latest.t) latest = t;
  // Fallback values (the stream is down) move the price but are no one's volume.
  let day = row.day;
  for (const t of [...trades].sort((a, b) => a.t - b.t)) day = addTrades(day, [t], !FALLBACK_SOURCES.has(t.source));
  if (row.updatedAt !== null && latest.t < row.updatedAt && row.last !== null) return withDerived({ ...row, day });
  return withDerived({ ...row, day, source: latest.source, ticks: row.ticks + 1, updatedAt: latest.t });
}

export function applyQuote(row: WatchRow, quote: { t: number; bid: number; ask: number; source: DataSource }): WatchRow {
  return withDerived({ ...row, bid: quote.bid, ask: quote.ask, source: quote.source, ticks: row.ticks + 1 });
}

/**
 * The stale flag, and the source when the row has none yet; a row showing a fallback source (the stream was down)
 * takes the live source back as soon as main says the symbol is fresh, even before its next trade.
 */
export function applyStatus(row: WatchRow, status: SymbolStatus): WatchRow {
  const backToLive = row.source !== null && FALLBACK_SOURCES.has(row.source) && !FALLBACK_SOURCES.has(status.source) && !status.stale;
  return { ...row, stale: status.stale, source: backToLive ? status.source : (row.source ?? status.source) };
}
