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

/** Points kept per bot: a few days of minutes. */
const KEEP_POINTS = 5_000;

/**
 * A bot's equity over time since its start, at most one point a minute of its clock (the latest value in a minute
 * replaces the one before it), the oldest dropped beyond KEEP_POINTS. In memory: a restart begins a new curve.
 */
export class EquityCurve {
  private readonly points: Array<{ t: EpochMs; equity: number }> = [];

  record(t: EpochMs, equity: number): void {
    if (!Number.isFinite(equity) || !Number.isFinite(t)) return;
    const last = this.points[this.points.length - 1];
    if (last && t < last.t) return;
    if (last && Math.floor(t / 60_000) === Math.floor(last.t / 60_000)) {
      last.t = t;
      last.equity = equity;
      return;
    }
    this.points.push({ t, equity });
    if (this.points.length > KEEP_POINTS * 1.2) this.points.splice(0, this.points.length - KEEP_POINTS);
  }

  list(): Array<{ t: EpochMs; equity: number }> {
    return this.points.map((p) => ({ ...p }));
  }
}
