import type { EpochMs } from '../../src-shared/time.js';

/** Per symbol: fills measured, and their quantity-weighted averages per share, dollars. */
export interface MarkoutStats {
  symbol: string;
  /** Fills whose markout horizon has passed (measured), and fills still waiting for it. */
  fills: number;
  pending: number;
  qty: number;
  /** What the fills earned against the mid at the fill: side x (mid at fill - price). Half the quoted spread for a fill at the quote. */
  effectiveSpread: number;
  /** What they earned against the mid `horizon` later: side x (mid after - price). */
  realisedSpread: number;
  /** How far the mid moved against them in that time: side x (mid at fill - mid after) = effective - realised. */
  adverseSelection: number;
}

interface Pending {
  t: EpochMs;
  dir: number;
  qty: number;
  price: number;
  midAtFill: number;
}

interface SymbolState {
  mid: number;
  /** Fills waiting for their horizon, oldest first (fills arrive in time order). */
  queue: Pending[];
  head: number;
  fills: number;
  qty: number;
  effective: number;
  realised: number;
}

/**
 * Markouts of a market maker's fills: each fill is valued against the mid when it happened and against the first
 * mid `horizonMs` later (the usual realised-spread measure). The mid comes from the quotes the bot sees, so a fill
 * is measured in the bot's own clock. Quotes do the work: a quote resolves the fills of its symbol whose horizon it
 * has reached, which costs nothing when none is due (no allocation per quote).
 */
export class MarkoutBook {
  private readonly symbols = new Map<string, SymbolState>();

  constructor(readonly horizonMs = 10_000) {}

  onQuote(symbol: string, t: EpochMs, bid: number, ask: number): void {
    if (!(bid > 0 && ask >= bid)) return;
    const s = this.state(symbol);
    s.mid = (bid + ask) / 2;
    while (s.head < s.queue.length && s.queue[s.head]!.t + this.horizonMs <= t) {
      const f = s.queue[s.head++]!;
      s.fills++;
      s.qty += f.qty;
      s.effective += f.qty * f.dir * (f.midAtFill - f.price);
      s.realised += f.qty * f.dir * (s.mid - f.price);
    }
    if (s.head > 256 && s.head * 2 > s.queue.length) {
      s.queue.splice(0, s.head);
      s.head = 0;
    }
  }

  /** One of the bot's fills; without a mid yet (no quote seen) it cannot be measured and is left out. */
  onFill(symbol: string, t: EpochMs, side: 'buy' | 'sell', qty: number, price: number): void {
    const s = this.state(symbol);
    if (!(s.mid > 0) || !(qty > 0)) return;
    s.queue.push({ t, dir: side === 'buy' ? 1 : -1, qty, price, midAtFill: s.mid });
  }

  stats(): MarkoutStats[] {
    const out: MarkoutStats[] = [];
    for (const [symbol, s] of this.symbols) {
      const per = (x: number): number => (s.qty > 0 ? x / s.qty : 0);
      out.push({
        symbol,
        fills: s.fills,
        pending: s.queue.length - s.head,
        qty: s.qty,
        effectiveSpread: per(s.effective),
        realisedSpread: per(s.realised),
        adverseSelection: per(s.effective - s.realised),
      });
    }
    return out;
  }

  private state(symbol: string): SymbolState {
    let s = this.symbols.get(symbol);
    if (!s) {
      s = { mid: 0, queue: [], head: 0, fills: 0, qty: 0, effective: 0, realised: 0 };
      this.symbols.set(symbol, s);
    }
    return s;
  }
}
