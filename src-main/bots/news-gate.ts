import type { Timeframe } from '../../src-shared/domain/bar.js';
import { headlineCutoff } from '../../src-shared/domain/news-cutoff.js';
import { intradayMs, MS_PER_DAY } from '../history/timeframes.js';
import type { StrategyHeadline } from '../kernel/strategy/types.js';

/** Headlines held back at most (a wire burst while a symbol's bars stall); the oldest are dropped beyond it. */
const MAX_PENDING = 5_000;

/**
 * Live headlines for a bot, released by the backtest's rule so a bot sees what its backtest saw: a headline goes to
 * the strategy before the first bar (of each symbol it names) whose close is after its publication. Live the bars
 * of a period arrive after it closes, so a headline heard at 10:00 waits for that day's bar and one heard after
 * the close waits until that bar's onBar has run. One published before a bar already processed (a slow wire) is
 * released at once: the strategy decides what a late headline means (ml-signal counts it in the next bar).
 */
export class NewsGate {
  private readonly symbols: ReadonlySet<string>;
  private readonly barMs: number;
  /** Held headlines, oldest publication first. */
  private readonly pending: StrategyHeadline[] = [];
  /** Per symbol, the stamp of the last bar the strategy saw. */
  private readonly lastBar = new Map<string, number>();

  constructor(symbols: readonly string[], timeframe: Timeframe) {
    this.symbols = new Set(symbols);
    this.barMs = intradayMs(timeframe) ?? MS_PER_DAY;
  }

  /** A headline from the wire: released now when every symbol of the bot it names is past it (late), else held. */
  offer(headline: StrategyHeadline, deliver: (h: StrategyHeadline) => void): void {
    if (!headline.symbols.some((s) => this.symbols.has(s)) || !Number.isFinite(headline.t)) return;
    if (this.late(headline)) {
      deliver(headline);
      return;
    }
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1]!.t > headline.t) at--;
    this.pending.splice(at, 0, headline);
    if (this.pending.length > MAX_PENDING) this.pending.shift();
  }

  /**
   * Before a bar of `symbol` stamped `t` reaches onBar: releases, oldest first, the held headlines naming it that
   * were published before its close. As in a backtest a headline goes out once, before the first such bar of any
   * symbol it names (the stream brings a period's bars of all symbols together).
   */
  beforeBar(symbol: string, t: number, deliver: (h: StrategyHeadline) => void): void {
    this.lastBar.set(symbol, t);
    if (this.pending.length === 0) return;
    const cutoff = headlineCutoff(t, this.barMs);
    let kept = 0;
    for (const h of this.pending) {
      if (h.t < cutoff && h.symbols.includes(symbol)) deliver(h);
      else this.pending[kept++] = h;
    }
    this.pending.length = kept;
  }

  /** Every bot symbol it names has already been handed a bar that closes after it: nothing left to wait for. */
  private late(h: StrategyHeadline): boolean {
    for (const s of h.symbols) {
      if (!this.symbols.has(s)) continue;
      const stamp = this.lastBar.get(s);
      if (stamp === undefined || !(headlineCutoff(stamp, this.barMs) > h.t)) return false;
    }
    return true;
  }
}
