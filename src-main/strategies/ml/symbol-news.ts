import { headlineCutoff } from '../../../src-shared/domain/news-cutoff.js';
import type { StrategyHeadline } from '../../kernel/strategy/types.js';
import { LiveNews } from '../../ml/features/live-news.js';

/**
 * ml-signal's headlines per symbol of its universe: each headline goes to the list of every symbol it names, which
 * that symbol's news features read in place. It also remembers each symbol's last bar, so a headline that arrives
 * after the close of a bar already processed (late: a slow live wire) is counted in the next bar's window rather
 * than rewriting history (LiveNews.append).
 */
export class SymbolNews {
  private readonly lists = new Map<string, LiveNews>();
  /** Per symbol: the stamp of the last bar processed and the smallest gap between its bars (the bar length). */
  private readonly last = new Map<string, { t: number; gap: number }>();

  constructor(universe: readonly string[]) {
    for (const symbol of universe) this.lists.set(symbol, new LiveNews());
  }

  /** The growing list of one symbol (made on first use for a symbol outside the declared universe). */
  of(symbol: string): LiveNews {
    let list = this.lists.get(symbol);
    if (!list) this.lists.set(symbol, (list = new LiveNews()));
    return list;
  }

  onNews(headline: Readonly<StrategyHeadline>): void {
    for (const symbol of headline.symbols) {
      const list = this.lists.get(symbol);
      if (list) list.append(headline.t, headline.score, this.floorOf(symbol));
    }
  }

  /** Called with each bar before its features are computed. */
  onBar(symbol: string, t: number): void {
    const seen = this.last.get(symbol);
    if (!seen) this.last.set(symbol, { t, gap: Number.NaN });
    else if (t > seen.t) {
      seen.gap = seen.gap === seen.gap ? Math.min(seen.gap, t - seen.t) : t - seen.t;
      seen.t = t;
    }
  }

  /** The close of the symbol's last processed bar (-Infinity until its bar length is known). */
  private floorOf(symbol: string): number {
    const seen = this.last.get(symbol);
    return seen && seen.gap > 0 ? headlineCutoff(seen.t, seen.gap) : -Infinity;
  }
}
