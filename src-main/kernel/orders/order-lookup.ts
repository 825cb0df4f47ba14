import type { OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { OrderLog } from './order-events.js';
import { VenueError, type ExecutionVenue, type VenueOrder } from './venue.js';

export interface OrderLookupOptions {
  venue: ExecutionVenue;
  log: OrderLog;
  /** Lookups of one order before it is reported 'error'. */
  attempts: number;
  /** The pause between lookups of one order (a request may still land in it). */
  delayMs: number;
  /** The longest wait for a rate-limit reset. */
  maxRateLimitWaitMs: number;
}

/** The broker's answer for one order: the order, undefined (the broker has none), or 'error' (no answer). */
export type LookupResult = VenueOrder | undefined | 'error';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Settles orders whose outcome no answer proved (journaled, unknown) by their client order id: the broker's word is
 * the only one that counts, and a request still in flight may land between two looks, so "none" needs two.
 */
export class OrderLookup {
  constructor(private readonly options: OrderLookupOptions) {}

  /** Looks an order up by client order id a few times: the order, undefined (the broker has none), or 'error'. */
  async one(clientOrderId: string): Promise<LookupResult> {
    const { venue, attempts, delayMs, maxRateLimitWaitMs } = this.options;
    let lastError: unknown;
    for (let i = 0; i < attempts; i += 1) {
      try {
        const found = await venue.orderByClientOrderId(clientOrderId);
        if (found) return found;
        // A request still in flight somewhere may land after this lookup: look once more before resending.
        if (i >= 1) return undefined;
      } catch (error) {
        lastError = error;
        const wait = error instanceof VenueError && error.kind === 'rate-limited' ? Math.min(error.retryAfterMs ?? 1000, maxRateLimitWaitMs) : delayMs;
        await sleep(wait);
        continue;
      }
      await sleep(delayMs);
    }
    this.options.log.warn('orders', 'lookup by client order id failed', { clientOrderId, error: lastError instanceof Error ? lastError.message : String(lastError) });
    return 'error';
  }

  /**
   * Settles many unsettled orders at once. One listing of the broker's newest orders answers for all (looked at twice,
   * `delayMs` apart, like a single lookup, for a request that may still land); only when the listing fails or is cut at
   * its limit are the rest looked up one by one, a few side by side. Twenty unsettled orders at start-up cost two
   * requests, not forty in a row behind the rate limiter (about 22 s of NOT_RECONCILED before).
   */
  async many(records: OrderRecord[]): Promise<Map<string, LookupResult>> {
    const results = new Map<string, LookupResult>();
    let missing = records.map((r) => r.clientOrderId);
    if (records.length > 2) {
      try {
        for (let pass = 0; pass < 2 && missing.length > 0; pass += 1) {
          if (pass > 0) await sleep(this.options.delayMs);
          const limit = 500;
          // Newest first, no time bound: the broker's clock need not be ours, and unsettled orders are the newest.
          const listed = await this.options.venue.listOrders({ status: 'all', limit, newestFirst: true });
          const byId = new Map(listed.flatMap((o) => [o, ...o.legs]).map((o) => [o.clientOrderId, o]));
          for (const id of missing) {
            const found = byId.get(id);
            if (found) results.set(id, found);
          }
          missing = missing.filter((id) => !results.has(id));
          if (listed.length >= limit) break; // cut at the limit: absence proves nothing, look the rest up one by one
          if (pass === 1) {
            for (const id of missing) results.set(id, undefined);
            missing = [];
          }
        }
      } catch (error) {
        this.options.log.warn('orders', 'listing orders to settle them failed: looking them up one by one', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < missing.length) {
        const id = missing[next++]!;
        results.set(id, await this.one(id));
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, missing.length) }, worker));
    return results;
  }
}
