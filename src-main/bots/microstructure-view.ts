import type { OrderRecord, PositionRecord } from '../../src-shared/domain/order-record.js';
import type { BotMicrostructureDto } from '../../src-shared/ipc/bot-detail-schemas.js';
import type { MarkoutStats } from './markouts.js';

type Side = { price: number; qty: number } | null;

/**
 * The Bots tab's microstructure panel for one bot: per symbol its inventory, the best bid and ask it has working
 * (its open limit orders, unfilled part) and its fills' markouts. Pure: the service passes what it holds.
 */
export function microstructureView(
  source: string,
  positions: readonly Pick<PositionRecord, 'symbol' | 'qty'>[],
  openOrders: readonly OrderRecord[],
  markouts: readonly MarkoutStats[],
  requests: BotMicrostructureDto['requests'] | undefined,
  horizonSec = 10,
): BotMicrostructureDto {
  const rows = new Map<string, BotMicrostructureDto['symbols'][number]>();
  const row = (symbol: string): BotMicrostructureDto['symbols'][number] => {
    let r = rows.get(symbol);
    if (!r) {
      r = { symbol, inventory: 0, bid: null, ask: null, fills: 0, pending: 0, effectiveSpread: 0, realisedSpread: 0, adverseSelection: 0 };
      rows.set(symbol, r);
    }
    return r;
  };
  for (const p of positions) row(p.symbol).inventory = Number(p.qty);
  for (const o of openOrders) {
    const { symbol, side, type, limitPrice, qty } = o.intent;
    if (o.source !== source || !symbol || type !== 'limit' || limitPrice === undefined || qty === undefined) continue;
    const left = Number(qty) - Number(o.filledQty);
    if (!(left > 0)) continue;
    const r = row(symbol);
    const price = Number(limitPrice);
    const best: Side = side === 'buy' ? r.bid : r.ask;
    const better = best === null || (side === 'buy' ? price > best.price : price < best.price);
    if (better) {
      if (side === 'buy') r.bid = { price, qty: left };
      else r.ask = { price, qty: left };
    } else if (best.price === price) best.qty += left;
  }
  for (const m of markouts) {
    const r = row(m.symbol);
    r.fills = m.fills;
    r.pending = m.pending;
    r.effectiveSpread = m.effectiveSpread;
    r.realisedSpread = m.realisedSpread;
    r.adverseSelection = m.adverseSelection;
  }
  return { horizonSec, requests: requests ?? null, symbols: [...rows.values()].sort((a, b) => a.symbol.localeCompare(b.symbol)) };
}
