import { Sma } from '../kernel/indicators/sma.js';
import type { Indicator, IndicatorFactory } from '../kernel/strategy/types.js';

/** Closes kept per symbol so that an indicator asked for late (strategies ask inside onBar) starts warm. */
const HISTORY_LIMIT = 5_000;

class LiveSma implements Indicator {
  constructor(private readonly sma: Sma) {}
  get value(): number {
    return this.sma.value;
  }
  get ready(): boolean {
    return this.sma.ready;
  }
}

/**
 * The live side of the strategy's indicator factory: the streaming Sma (bit for bit the series the backtest
 * computes with exact-sma.ts), moved by each completed bar before the strategy's onBar sees it. An indicator made
 * after bars have arrived is replayed over the closes seen so far (warm-up history included).
 */
export class LiveIndicators implements IndicatorFactory {
  private readonly closes = new Map<string, number[]>();
  private readonly smas = new Map<string, Sma[]>();

  /** A completed bar's close, in time order per symbol. */
  push(symbol: string, close: number): void {
    let history = this.closes.get(symbol);
    if (!history) {
      history = [];
      this.closes.set(symbol, history);
    }
    history.push(close);
    if (history.length > HISTORY_LIMIT * 2) history.splice(0, history.length - HISTORY_LIMIT);
    for (const sma of this.smas.get(symbol) ?? []) sma.update(close);
  }

  sma(symbol: string, period: number): Indicator {
    const sma = new Sma(period);
    const history = this.closes.get(symbol) ?? [];
    // The exact window sum depends only on the window's contents: replaying the last `period` closes is enough.
    for (let i = Math.max(0, history.length - period); i < history.length; i++) sma.update(history[i]!);
    let list = this.smas.get(symbol);
    if (!list) {
      list = [];
      this.smas.set(symbol, list);
    }
    list.push(sma);
    return new LiveSma(sma);
  }
}
