import type { Bar } from '../../../src-shared/domain/bar.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { InsightInput } from '../../kernel/strategy/insight.js';
import type { StrategyContext, StrategyDefinition, StrategyHandlers } from '../../kernel/strategy/types.js';

/** The notional capital of a member's shadow book (its sizes do not matter: only the sign of its position votes). */
const SHADOW_CAPITAL = 100_000;

interface Pending {
  id: string;
  intent: OrderIntent;
}

/** An insight the member holds on a symbol, counted down in the symbol's bars or ended at a time. */
interface HeldView {
  direction: 'up' | 'down' | 'flat';
  barsLeft: number | undefined;
  expiresAt: number | undefined;
}

/**
 * One member of the ensemble, run in a shadow book: it sees the ensemble's bars, indicators, schedule and clock,
 * but its orders never leave; each fills whole at the symbol's next open (limit and stop prices are ignored: only
 * the direction of its position is read) and its insights are kept, not traded. Its view of a symbol is its held
 * insight when it has one, else the sign of its shadow position.
 */
export class ShadowMember {
  readonly name: string;
  private readonly handlers: StrategyHandlers;
  private readonly positions = new Map<string, number>();
  private readonly closes = new Map<string, number>();
  private readonly queue: Pending[] = [];
  private readonly views = new Map<string, HeldView>();
  private cash = SHADOW_CAPITAL;
  private seq = 0;

  constructor(definition: StrategyDefinition, params: unknown, private readonly host: StrategyContext) {
    this.name = definition.name;
    const ctx: StrategyContext = {
      universe: host.universe,
      schedule: host.schedule,
      clock: host.clock,
      log: host.log,
      indicators: host.indicators,
      orders: host.orders,
      bars: (symbol, timeframe, count) => host.bars(symbol, timeframe, count),
      portfolio: {
        cash: () => this.cash,
        position: (symbol) => this.positions.get(symbol) ?? 0,
        equity: () => this.equity(),
      },
      submit: (intent) => {
        const id = `${this.name}-shadow-${++this.seq}`;
        this.queue.push({ id, intent });
        return id;
      },
      emitInsight: (input: InsightInput) => {
        this.views.set(input.symbol, {
          direction: input.direction,
          barsLeft: input.horizonBars,
          expiresAt: input.horizonMs === undefined ? undefined : host.clock.now() + input.horizonMs,
        });
      },
      cancel: (orderId) => {
        const i = this.queue.findIndex((p) => p.id === orderId);
        if (i >= 0) this.queue.splice(i, 1);
      },
      replace: (orderId, changes) => {
        const i = this.queue.findIndex((p) => p.id === orderId);
        const id = `${this.name}-shadow-${++this.seq}`;
        if (i >= 0) this.queue[i] = { id, intent: { ...this.queue[i]!.intent, ...(changes.qty !== undefined ? { qty: changes.qty } : {}) } };
        return id;
      },
    };
    this.handlers = definition.create(params as never, ctx);
  }

  start(): void {
    this.handlers.onStart?.();
  }

  /** The symbol's next bar: first the member's queued orders on it fill at the open, then the member sees the bar. */
  onBar(symbol: string, bar: Readonly<Bar>): void {
    const held = this.views.get(symbol);
    if (held?.barsLeft !== undefined) held.barsLeft--;
    for (let i = 0; i < this.queue.length; ) {
      const p = this.queue[i]!;
      if (p.intent.symbol !== symbol) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.fill(p, bar.o, bar.t);
    }
    this.closes.set(symbol, bar.c);
    this.handlers.onBar?.(symbol, bar);
  }

  onCrossSection(t: number, bars: ReadonlyMap<string, Readonly<Bar>>): void {
    this.handlers.onCrossSection?.(t, bars);
  }

  stop(): void {
    this.handlers.onStop?.();
  }

  /** +1 (up), -1 (down) or 0 (no view) on the symbol now. */
  vote(symbol: string): number {
    const held = this.views.get(symbol);
    if (held) {
      const ended = (held.barsLeft !== undefined && held.barsLeft <= 0) || (held.expiresAt !== undefined && this.host.clock.now() >= held.expiresAt);
      if (!ended) return held.direction === 'up' ? 1 : held.direction === 'down' ? -1 : 0;
      this.views.delete(symbol);
    }
    return Math.sign(this.positions.get(symbol) ?? 0);
  }

  private equity(): number {
    let value = this.cash;
    for (const [symbol, qty] of this.positions) value += qty * (this.closes.get(symbol) ?? 0);
    return value;
  }

  private fill(p: Pending, price: number, t: number): void {
    const symbol = p.intent.symbol!;
    const qty = Number(p.intent.qty ?? 0);
    if (!(qty > 0) || !(price > 0)) return;
    const buy = p.intent.side === 'buy';
    this.positions.set(symbol, (this.positions.get(symbol) ?? 0) + (buy ? qty : -qty));
    this.cash += (buy ? -1 : 1) * qty * price;
    this.handlers.onOrderUpdate?.({ id: p.id, intent: p.intent, state: 'filled', filledQty: qty, avgFillPrice: price, t });
    this.handlers.onFill?.({ orderId: p.id, symbol, side: buy ? 'buy' : 'sell', qty, price, commission: 0, t });
  }
}
