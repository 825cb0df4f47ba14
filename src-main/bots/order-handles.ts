/** The order states after which nothing more happens to an order. */
const FINAL = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced']);

/**
 * A bot's orders by both names: the local id its strategy holds and the order manager's client order id, with the
 * last state delivered to the strategy. A replace refused before it left binds a second local id to the same order,
 * so a client id may have several. A settled order is remembered a while (late fills of it still find their local
 * id) and forgotten once `retain` orders have settled after it: a quoting bot sends thousands of orders an hour,
 * and a bot runs for days.
 */
export class OrderHandles {
  /** The latest local id by client id, and every local id bound to it. */
  private readonly locals = new Map<string, { latest: string; all: string[] }>();
  private readonly clients = new Map<string, string>();
  private readonly delivered = new Map<string, string>();
  /** Settled client ids, oldest first. */
  private readonly settled = new Set<string>();

  constructor(private readonly retain = 2_000) {}

  bind(local: string, client: string): void {
    const entry = this.locals.get(client);
    if (entry) {
      entry.latest = local;
      entry.all.push(local);
    } else {
      this.locals.set(client, { latest: local, all: [local] });
    }
    this.clients.set(local, client);
  }

  /** The local id the strategy knows the order by now. */
  localOf(client: string): string | undefined {
    return this.locals.get(client)?.latest;
  }

  clientOf(local: string): string | undefined {
    return this.clients.get(local);
  }

  /**
   * Records `key` (state and filled quantity) as delivered for the order; false when it is what was delivered last
   * (the strategy has heard it). `state` says whether the order is now settled.
   */
  deliver(client: string, state: string, key: string): boolean {
    if (this.delivered.get(client) === key) return false;
    this.delivered.set(client, key);
    // Re-inserted, so the set stays in the order orders settled.
    this.settled.delete(client);
    if (FINAL.has(state)) {
      this.settled.add(client);
      if (this.settled.size > this.retain) this.forget(this.settled.values().next().value!);
    }
    return true;
  }

  isSettled(client: string): boolean {
    return this.settled.has(client);
  }

  /** Orders bound and not settled. */
  get open(): number {
    return this.locals.size - this.settled.size;
  }

  /** Orders remembered (open, and settled ones not yet forgotten). */
  get size(): number {
    return this.locals.size;
  }

  private forget(client: string): void {
    for (const local of this.locals.get(client)?.all ?? []) this.clients.delete(local);
    this.locals.delete(client);
    this.delivered.delete(client);
    this.settled.delete(client);
  }
}
