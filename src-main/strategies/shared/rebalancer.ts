import type { OrderUpdate, StrategyContext } from '../../kernel/strategy/types.js';

const FINAL = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced']);
/** More shares than one order of a real account: a runaway target (bad data) must not make an unsendable order. */
const MAX_SHARES = 1e9;
/** Steps (cross-sections) a refused symbol is left alone before the book tries it again. */
const RETRY_STEPS = 5;

/**
 * Moves a multi-symbol book toward target share counts in two steps, because a cash account (the backtest's, and
 * a bot's allocation) cannot buy before the sales that pay for it have filled: first every reduction (sells of
 * longs, buy-backs of shorts), and only when none is working, the increases (buys within the cash there is, and
 * short sales when the strategy asks for them). `step` is called at every cross-section; an order still working
 * makes it wait. A symbol whose order was refused is left alone for the next RETRY_STEPS steps (or until new
 * targets), so a refusal (a short the account cannot make) is not resent every bar, and a buy refused by a gap at
 * the open is tried again at a size the cash then allows.
 */
export class Rebalancer {
  private targets = new Map<string, number>();
  private reason = '';
  private readonly working = new Set<string>();
  private readonly settledEarly = new Set<string>();
  /** Symbols whose last order was refused, with the steps left before they are tried again. */
  private readonly blocked = new Map<string, number>();
  /** Every symbol this book ever traded: a symbol left out of new targets is closed. */
  private readonly touched = new Set<string>();
  /**
   * Once targets exist, the universe's symbols are managed too: a position the bot's ledger held before a restart
   * (bought by an earlier run of this strategy) is closed when the targets leave it out. Before the first targets
   * nothing is touched, so a restart mid-month does not sell what the next rebalance would keep.
   */
  private haveTargets = false;
  private submitting = false;
  /** The sorted symbols `step` walks (touched, targets, and the universe once targets exist); undefined: rebuild. */
  private walk: string[] | undefined;

  constructor(private readonly ctx: StrategyContext) {}

  /**
   * New targets in signed shares (symbols not named go to zero), with the reason every order will carry. A held
   * position on the target's side within `band` (a fraction of it) of its target is left as it is: a monthly
   * re-weighting of a few shares costs more than it corrects.
   */
  setTargets(targets: ReadonlyMap<string, number>, reason: string, band = 0): void {
    this.targets = new Map(
      [...targets].map(([s, q]) => {
        const target = Math.trunc(q);
        const held = this.ctx.portfolio.position(s);
        const keep = held !== 0 && Math.sign(held) === Math.sign(target) && Math.abs(target - held) <= band * Math.abs(held);
        return [s, keep ? held : target];
      }),
    );
    this.reason = reason;
    this.blocked.clear();
    this.haveTargets = true;
    this.walk = undefined;
  }

  /** The target of a symbol (0 when none). */
  target(symbol: string): number {
    return this.targets.get(symbol) ?? 0;
  }

  /** True while an order of this book is working. */
  get busy(): boolean {
    return this.working.size > 0;
  }

  /** Sends the next orders toward the targets; `price` gives the last close used to fit buys within cash. */
  step(price: (symbol: string) => number): void {
    if (this.working.size > 0) return;
    for (const [s, left] of this.blocked) {
      if (left <= 1) this.blocked.delete(s);
      else this.blocked.set(s, left - 1);
    }
    // Every cross-section of a run comes here: the sorted list is rebuilt only when a set it is made of changed.
    this.walk ??= [...new Set([...this.touched, ...this.targets.keys(), ...(this.haveTargets ? this.ctx.universe : [])])].sort();
    const symbols = this.walk;
    let reduced = false;
    for (const s of symbols) {
      if (this.blocked.has(s)) continue;
      const held = this.ctx.portfolio.position(s);
      const target = this.target(s);
      if (held > 0 && target < held) reduced = this.send(s, 'sell', held - Math.max(target, 0)) || reduced;
      else if (held < 0 && target > held) reduced = this.send(s, 'buy', Math.min(target, 0) - held) || reduced;
    }
    if (reduced) return;
    let cash = this.ctx.portfolio.cash();
    for (const s of symbols) {
      if (this.blocked.has(s)) continue;
      const held = this.ctx.portfolio.position(s);
      const target = this.target(s);
      if (target > held && held >= 0) {
        const p = price(s);
        if (!(p > 0)) continue;
        // 2% of the cash is left for the gap between this close and the fill (a cash account refuses the excess).
        const qty = Math.min(target - held, Math.floor((cash * 0.98) / p));
        if (this.send(s, 'buy', qty)) cash -= qty * p;
      } else if (target < held && held <= 0) {
        this.send(s, 'sell', held - target);
      }
    }
  }

  onOrderUpdate(update: Readonly<OrderUpdate>): void {
    if (!FINAL.has(update.state)) return;
    if (this.working.delete(update.id)) {
      if (update.state === 'rejected' && update.intent.symbol !== undefined) this.blocked.set(update.intent.symbol, RETRY_STEPS);
    } else if (this.submitting) {
      this.settledEarly.add(update.id);
      if (update.state === 'rejected' && update.intent.symbol !== undefined) this.blocked.set(update.intent.symbol, RETRY_STEPS);
    }
  }

  private send(symbol: string, side: 'buy' | 'sell', qty: number): boolean {
    if (!(qty >= 1 && qty <= MAX_SHARES)) return false;
    if (!this.touched.has(symbol)) {
      this.touched.add(symbol);
      this.walk = undefined;
    }
    this.submitting = true;
    let id: string;
    try {
      id = this.ctx.submit(this.ctx.orders.market(symbol, side, qty), this.reason);
    } finally {
      this.submitting = false;
    }
    if (!this.settledEarly.delete(id)) this.working.add(id);
    return true;
  }
}

/** Whole shares worth `fraction` of `equity` at `price`, toward zero (negative fraction: a short). */
export function sharesFor(fraction: number, equity: number, price: number): number {
  if (!(price > 0) || !(equity > 0) || !Number.isFinite(fraction)) return 0;
  return Math.trunc((fraction * equity) / price);
}
