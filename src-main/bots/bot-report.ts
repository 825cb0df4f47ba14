import { Decimal } from 'decimal.js';
import type { FillRecord, PositionRecord } from '../../src-shared/domain/order-record.js';
import { amountText } from '../../src-shared/decimal-text.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { BotLedgerSnapshot } from '../kernel/portfolio/bot-ledger.js';
import { sortFills } from '../kernel/orders/positions.js';
import { TradeTracker } from '../kernel/protections/trade-tracker.js';

/**
 * A bot's figures for the Bots tab, from its own ledger only: positions marked at the latest price the bot saw,
 * P&L realised and unrealised, and its closed round trips (flat to flat) with how many made money.
 */

export interface MarkedPosition extends PositionRecord {
  lastPrice: string | null;
  unrealizedPl: string;
}

export interface BotFigures {
  cash: string;
  invested: string;
  equity: string;
  realizedPl: string;
  unrealizedPl: string;
  pl: string;
  positions: MarkedPosition[];
  trades: number;
  wins: number;
  winRate: number | null;
}

/** Positions marked at `price(symbol)` (the bot's latest) or, without one, at their own cost (no P&L yet). */
export function botFigures(snapshot: BotLedgerSnapshot, fills: readonly FillRecord[], price: (symbol: string) => number | undefined): BotFigures {
  let unrealized = new Decimal(0);
  let value = new Decimal(0);
  const positions = snapshot.positions.map((p): MarkedPosition => {
    const last = price(p.symbol);
    const qty = new Decimal(p.qty);
    const mark = last !== undefined && Number.isFinite(last) && last > 0 ? new Decimal(last) : undefined;
    // Unmarked, a position is worth its cost: nothing is claimed that was not seen. The ledger's cost basis is signed
    // (a short's is negative, qty x entry price), as its value at a mark is.
    const worth = mark ? qty.times(mark) : new Decimal(p.costBasis);
    const pl = mark ? worth.minus(qty.times(p.avgEntryPrice)) : new Decimal(0);
    unrealized = unrealized.plus(pl);
    value = value.plus(worth);
    return { ...p, lastPrice: mark ? amountText(mark) : null, unrealizedPl: amountText(pl) };
  });
  const realized = new Decimal(snapshot.realizedPl);
  const { trades, wins } = roundTrips(fills);
  return {
    cash: snapshot.cash,
    invested: snapshot.invested,
    equity: amountText(new Decimal(snapshot.cash).plus(value)),
    realizedPl: snapshot.realizedPl,
    unrealizedPl: amountText(unrealized),
    pl: amountText(realized.plus(unrealized)),
    positions,
    trades,
    wins,
    winRate: trades > 0 ? wins / trades : null,
  };
}

/** Closed round trips in the fills (flat to flat per symbol) and how many closed with a profit. */
export function roundTrips(fills: readonly FillRecord[]): { trades: number; wins: number } {
  const tracker = new TradeTracker();
  let trades = 0;
  let wins = 0;
  for (const f of sortFills(fills.slice())) {
    const closed = tracker.fill(f.symbol, f.side, Number(f.qty), Number(f.price), 0, f.at, false);
    if (!closed) continue;
    trades++;
    if (closed.profit > 0) wins++;
  }
  return { trades, wins };
}

/** The curve lives in its own file (it is stored now); re-exported for the callers that import it from here. */
export { EquityCurve } from './equity-curve.js';
