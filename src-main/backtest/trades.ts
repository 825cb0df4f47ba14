import type { EpochMs } from '../../src-shared/time.js';

/** A round trip: from flat to flat (or to a flip) in one symbol. P&L is net of the fees paid on its fills. */
export interface ClosedTrade {
  symbol: string;
  direction: 'long' | 'short';
  entryTime: EpochMs;
  exitTime: EpochMs;
  /** The largest size held during the trade. */
  qty: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  /** pnl over the cost of everything bought (long) or sold (short) to open. */
  returnPct: number;
  commission: number;
  bars: number;
}

interface OpenTrade {
  pos: number;
  maxQty: number;
  /** |pos| x average entry price of what is still open. */
  openCost: number;
  entryValue: number;
  entryQty: number;
  exitValue: number;
  exitQty: number;
  grossPnl: number;
  commission: number;
  entryTime: EpochMs;
  entryIndex: number;
}

/** Turns fills into round trips. One per run; symbols by index. */
export class TradeBook {
  readonly closed: ClosedTrade[] = [];
  private readonly open: Array<OpenTrade | undefined>;

  constructor(private readonly symbols: readonly string[]) {
    this.open = symbols.map(() => undefined);
  }

  /** `sign` +1 buy, -1 sell; `timeIndex` counts the run's timestamps (for the trade's length in bars). */
  fill(s: number, sign: number, qty: number, price: number, fee: number, t: EpochMs, timeIndex: number): void {
    let remaining = qty;
    let trade = this.open[s];
    if (trade && Math.sign(trade.pos) !== sign) {
      const closing = Math.min(remaining, Math.abs(trade.pos));
      const avg = trade.openCost / Math.abs(trade.pos);
      trade.grossPnl += (price - avg) * closing * Math.sign(trade.pos);
      trade.exitValue += price * closing;
      trade.exitQty += closing;
      trade.commission += (fee * closing) / qty;
      trade.openCost -= avg * closing;
      trade.pos -= Math.sign(trade.pos) * closing;
      remaining -= closing;
      if (Math.abs(trade.pos) < 1e-9) {
        const pnl = trade.grossPnl - trade.commission;
        this.closed.push({
          symbol: this.symbols[s]!,
          direction: sign < 0 ? 'long' : 'short',
          entryTime: trade.entryTime,
          exitTime: t,
          qty: trade.maxQty,
          entryPrice: trade.entryValue / trade.entryQty,
          exitPrice: trade.exitValue / trade.exitQty,
          pnl,
          returnPct: trade.entryValue > 0 ? pnl / trade.entryValue : 0,
          commission: trade.commission,
          bars: timeIndex - trade.entryIndex,
        });
        this.open[s] = trade = undefined;
      }
    }
    if (remaining > 1e-12) {
      if (!trade) {
        trade = { pos: 0, maxQty: 0, openCost: 0, entryValue: 0, entryQty: 0, exitValue: 0, exitQty: 0, grossPnl: 0, commission: 0, entryTime: t, entryIndex: timeIndex };
        this.open[s] = trade;
      }
      trade.pos += sign * remaining;
      trade.maxQty = Math.max(trade.maxQty, Math.abs(trade.pos));
      trade.openCost += price * remaining;
      trade.entryValue += price * remaining;
      trade.entryQty += remaining;
      trade.commission += (fee * remaining) / qty;
    }
  }

  /** Trades still open at the end, marked at the given prices (not counted as closed trades). */
  openTrades(marks: Float64Array): Array<{ symbol: string; qty: number; entryTime: EpochMs; entryPrice: number; mark: number; unrealized: number }> {
    const out = [];
    for (let s = 0; s < this.open.length; s++) {
      const trade = this.open[s];
      if (!trade) continue;
      const avg = trade.openCost / Math.abs(trade.pos);
      out.push({
        symbol: this.symbols[s]!,
        qty: trade.pos,
        entryTime: trade.entryTime,
        entryPrice: avg,
        mark: marks[s]!,
        unrealized: (marks[s]! - avg) * trade.pos,
      });
    }
    return out;
  }
}
