// What the risk report and the rebalance preview read from main's services: the book (positions, marks, fills by
// source), daily closes and volumes, option greeks, sectors. Fetching only; the arithmetic is in discovery/risk-report.
import { CodedError } from '../../src-shared/ipc/errors.js';
import { OCC_SYMBOL } from '../../src-shared/domain/order-intent.js';
import { DEMO_SECTORS, SECTOR_ETFS, demoSectorMembers } from '../exchange/market/demo-universe.js';
import { attributeBySource, type DailyCloses, type OptionHoldingGreeks } from '../discovery/risk-report/risk-report.js';
import type { MarketDataApi } from '../market-data/types.js';
import type { OptionsService } from '../options/options-service.js';
import type { OrderService } from './order-service.js';

/** The most symbols one report fetches history for: a bound on the work behind one click. */
export const MAX_REPORT_SYMBOLS = 60;
const FETCH_CONCURRENCY = 6;

const SECTOR_OF: ReadonlyMap<string, string> = new Map([
  ...DEMO_SECTORS.flatMap((sector) => demoSectorMembers(sector).map((s) => [s, sector] as const)),
  ...DEMO_SECTORS.map((sector) => [SECTOR_ETFS[sector], `${sector} (ETF)`] as const),
  ...['SPY', 'QQQ', 'IWM', 'DIA'].map((s) => [s, 'index ETF'] as const),
  ...['TLT', 'IEF', 'SHY', 'AGG'].map((s) => [s, 'bonds'] as const),
  ...['GLD', 'SLV'].map((s) => [s, 'commodities'] as const),
]);

export function sectorOf(symbol: string): string {
  const occ = OCC_SYMBOL.exec(symbol);
  return SECTOR_OF.get(occ ? occ[1]! : symbol) ?? 'other';
}

export interface Book {
  equity: number | null;
  lastEquity: number | null;
  positions: Array<{ symbol: string; qty: number; value: number; price: number; kind: 'stock' | 'option' }>;
  bySource: Array<{ source: string; symbol: string; qty: number }>;
}

export function ordersOf(orders: () => OrderService): OrderService {
  const service = orders();
  if (!service.ready) throw new CodedError('UNAVAILABLE', 'orders are not started yet: connect (Settings) or wait for the start-up reconciliation');
  return service;
}

/** Positions at the broker's marks, the account's equity, and each order source's net shares from the journal's fills. */
export async function readBook(service: OrderService): Promise<Book> {
  const { account, positions } = await service.manager.accountSnapshot();
  const fills = service.manager.fills().map((fill) => ({
    source: (fill.clientOrderId ? service.manager.order(fill.clientOrderId)?.source : undefined) ?? 'outside the workstation',
    symbol: fill.symbol,
    side: fill.side,
    qty: Number(fill.qty),
  }));
  return {
    equity: Number.isFinite(Number(account.equity)) ? Number(account.equity) : null,
    lastEquity: Number.isFinite(Number(account.lastEquity)) ? Number(account.lastEquity) : null,
    positions: positions.map((p) => {
      const qty = Number(p.qty);
      const option = OCC_SYMBOL.test(p.symbol);
      const value = p.marketValue !== null ? Number(p.marketValue) : Number(p.costBasis);
      const price = p.currentPrice !== null ? Number(p.currentPrice) : qty !== 0 ? Math.abs(value / qty / (option ? 100 : 1)) : 0;
      return { symbol: p.symbol, qty, value, price, kind: option ? ('option' as const) : ('stock' as const) };
    }),
    bySource: attributeBySource(
      fills,
      positions.map((p) => ({ symbol: p.symbol, qty: Number(p.qty) })),
    ),
  };
}

/** Runs `fn` over the items, a few at a time. */
async function pooled<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, items.length) }, worker));
  return out;
}

export interface DailyHistory extends DailyCloses {
  v: number[];
}

/** Daily bars of each symbol (the last `days` + a few), from the market data service; a symbol that fails is noted and left out. */
export async function readDailyHistory(marketData: MarketDataApi, symbols: readonly string[], days: number, signal: AbortSignal): Promise<{ closes: Map<string, DailyHistory>; notes: string[] }> {
  const closes = new Map<string, DailyHistory>();
  const notes: string[] = [];
  await pooled(symbols, async (symbol) => {
    if (signal.aborted) throw new CodedError('CANCELLED', 'the risk report was cancelled');
    try {
      const { bars } = await marketData.bars({ symbol, timeframe: '1Day', limit: days + 5 }, signal);
      closes.set(symbol, { t: bars.map((b) => b.t), c: bars.map((b) => b.c), v: bars.map((b) => b.v) });
    } catch (error) {
      if (signal.aborted) throw new CodedError('CANCELLED', 'the risk report was cancelled');
      notes.push(`${symbol}: daily bars unavailable (${error instanceof Error ? error.message : String(error)})`);
    }
  });
  return { closes, notes };
}

/** Each option held with its chain's greeks (per share) and the underlying's price; contracts without greeks are noted. */
export async function readOptionGreeks(options: OptionsService, held: ReadonlyArray<{ symbol: string; qty: number }>, signal: AbortSignal): Promise<{ greeks: OptionHoldingGreeks[]; notes: string[] }> {
  const notes: string[] = [];
  const byUnderlying = new Map<string, Array<{ symbol: string; qty: number; expiry: string }>>();
  for (const h of held) {
    const m = OCC_SYMBOL.exec(h.symbol);
    if (!m) continue;
    const d = m[2]!;
    const list = byUnderlying.get(m[1]!) ?? [];
    list.push({ ...h, expiry: `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}` });
    byUnderlying.set(m[1]!, list);
  }
  const greeks: OptionHoldingGreeks[] = [];
  await pooled([...byUnderlying], async ([underlying, contracts]) => {
    try {
      const chain = await options.chain(underlying, undefined, signal);
      for (const c of contracts) {
        const row = chain.rows.find((r) => r.symbol === c.symbol);
        if (!row?.greeks || chain.spot === null) notes.push(`${c.symbol}: no greeks in the chain, left out of the totals`);
        else greeks.push({ symbol: c.symbol, qty: c.qty, ...row.greeks, underlyingPrice: chain.spot });
      }
    } catch (error) {
      notes.push(`${underlying} options: chain unavailable (${error instanceof Error ? error.message : String(error)})`);
    }
  });
  return { greeks, notes };
}
