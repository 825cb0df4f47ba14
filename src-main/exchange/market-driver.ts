import type { ExchangeClock } from './clock.js';
import type { MarketSource } from './market/types.js';

/**
 * Moves the market to the exchange clock's time on a short timer, so quotes, trades and bars flow to the
 * streams and the broker's matching without anyone polling. 20 ms keeps stream latency low while costing
 * nothing measurable when the market has no events to emit.
 */
export class MarketDriver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly market: Pick<MarketSource, 'advanceTo'>,
    private readonly clock: ExchangeClock,
    private readonly intervalMs = 20,
  ) {}

  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // The exchange never keeps a process alive on its own: its server does that while it is listening.
    this.timer.unref();
  }

  /** Advances now (after a manual clock jump, so the jump's events are out before the caller continues). */
  tick(): void {
    this.market.advanceTo(this.clock.now());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
