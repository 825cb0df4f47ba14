import { Decimal } from 'decimal.js';
import type { OrderLog } from './order-events.js';
import { VenueError, type ExecutionVenue, type VenueOrder } from './venue.js';

/** What the kill switch answers at once, and what its broker work reports when it ends. */
export interface KillResult {
  /** Every non-protective open order was confirmed cancelled at the broker (true at once only when none was open there). */
  canceled: boolean;
  /** With flatten: the close-all request was accepted by the broker. */
  flattened: boolean;
  errors: string[];
  /** Orders stopped before their request left (never sent): cancelled here with code KILL_SWITCH_NOT_SENT. */
  stoppedLocally: string[];
  /** Orders already at the broker (or with a request out) when the switch tripped: cancelled there in the background. */
  atBroker: string[];
  /** 'in-progress' while the broker cancels are retried (ahead of every other request, with backoff); 'done' after. */
  brokerWork: 'in-progress' | 'done';
}

/** Order types that trigger at a stop price: a standalone one that only reduces a position protects it. */
export const STOP_TYPES: ReadonlySet<string> = new Set(['stop', 'stop_limit', 'trailing_stop']);
const EXIT_CLASSES = new Set(['bracket', 'oco', 'oto']);

/**
 * Which open orders the kill switch cancels when flatten is not chosen. Protective exits stay, because cancelling
 * them leaves an open position unprotected: the legs of a bracket, OCO or OTO whose entry has filled (a leg still
 * `held` goes with its parent when the parent is cancelled), every part of an OCO (it is itself an exit), and a
 * standalone stop that reduces the position it sits against. Everything else is cancelled.
 *
 * `isLeg` answers from the journal whether an order is the child of another order (undefined when unknown there:
 * then a bracket/OTO order of a stop type counts as its stop-loss leg).
 */
export function killSelection(
  open: VenueOrder[],
  positions: ReadonlyMap<string, Decimal>,
  isLeg: (order: VenueOrder) => boolean | undefined,
): { cancel: VenueOrder[]; keep: VenueOrder[] } {
  const cancel: VenueOrder[] = [];
  const keep: VenueOrder[] = [];
  for (const order of open) {
    if (order.status === 'pending_cancel') continue;
    if (order.orderClass === 'oco') {
      keep.push(order);
      continue;
    }
    if (EXIT_CLASSES.has(order.orderClass)) {
      const leg = isLeg(order) ?? STOP_TYPES.has(order.type);
      if (leg) {
        // A held leg waits for its entry, which is cancelled: it goes with it.
        if (order.status !== 'held') keep.push(order);
        continue;
      }
      cancel.push(order);
      continue;
    }
    if (STOP_TYPES.has(order.type) && order.qty !== null && reducesPosition(order.side, order.qty, order.filledQty, positions.get(order.symbol))) {
      keep.push(order);
      continue;
    }
    cancel.push(order);
  }
  return { cancel, keep };
}

/** Whether an order of `side` for what is left of `qty` only reduces `position` (never through zero). */
export function reducesPosition(side: string | undefined, qty: string, filledQty: string, position: Decimal | undefined): boolean {
  if (!position || position.isZero()) return false;
  const against = side === 'sell' ? position.isPositive() : position.isNegative();
  return against && new Decimal(qty).minus(filledQty).lte(position.abs());
}

export interface BrokerKillDeps {
  venue: ExecutionVenue;
  log: OrderLog;
  flatten: boolean;
  positions: () => ReadonlyMap<string, Decimal>;
  isLeg: (order: VenueOrder) => boolean | undefined;
  /** Orders with a request out now: the work is not done while one may still land at the broker. */
  requestsOut: () => number;
  stopped: () => boolean;
  sleep: (ms: number) => Promise<void>;
  /** First and longest pause between passes. */
  backoffMs?: { first: number; max: number };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The kill switch's broker side, in the background: cancels (every open order with flatten, else the non-protective
 * ones) and, with flatten, closes every position; each pass lists what is still open and repeats, with backoff after
 * an error, until the broker confirms (nothing left to cancel and no request still out) or the order path stops.
 * These requests never wait in the client-side queue (the venue sends them ahead of every other request).
 */
export async function runBrokerKill(deps: BrokerKillDeps): Promise<{ canceled: boolean; flattened: boolean; errors: string[]; attempts: number }> {
  const errors: string[] = [];
  const backoff = deps.backoffMs ?? { first: 100, max: 5_000 };
  let delay = backoff.first;
  let canceled = false;
  let flattened = false;
  let attempts = 0;
  while (!deps.stopped()) {
    attempts += 1;
    try {
      if (!canceled) {
        const inFlight = deps.requestsOut();
        if (deps.flatten) {
          await deps.venue.cancelAll();
          const left = await deps.venue.listOrders({ status: 'open', nested: false, urgent: true, limit: 500 });
          canceled = inFlight === 0 && left.every((o) => o.status === 'pending_cancel' || o.status === 'held');
        } else {
          const open = await deps.venue.listOrders({ status: 'open', nested: false, urgent: true, limit: 500 });
          const { cancel } = killSelection(open, deps.positions(), deps.isLeg);
          for (const order of cancel) {
            try {
              await deps.venue.cancel(order.id);
            } catch (error) {
              // Already final or gone: nothing to cancel. Anything else fails this pass and is retried.
              if (!(error instanceof VenueError && (error.kind === 'not-found' || error.kind === 'not-cancelable'))) throw error;
            }
          }
          canceled = cancel.length === 0 && inFlight === 0;
        }
      }
      if (canceled && deps.flatten && !flattened) {
        await deps.venue.closeAllPositions();
        flattened = true;
      }
      if (canceled && (!deps.flatten || flattened)) break;
      // Cancels were sent (or a request is still out): look again, backing off so that a request hanging until its
      // timeout does not turn into a burst of listings against the broker's own rate limit.
      await deps.sleep(delay);
      delay = Math.min(delay * 2, backoff.max);
    } catch (error) {
      const message = messageOf(error);
      if (errors.length < 20) errors.push(`${deps.flatten && canceled ? 'close all positions' : 'cancel'}: ${message}`);
      deps.log.warn('risk', 'kill switch: broker request failed, retrying', { attempt: attempts, error: message, waitMs: delay });
      const rateWait = error instanceof VenueError && error.kind === 'rate-limited' ? (error.retryAfterMs ?? delay) : delay;
      await deps.sleep(Math.min(Math.max(rateWait, delay), backoff.max));
      delay = Math.min(delay * 2, backoff.max);
    }
  }
  return { canceled, flattened, errors, attempts };
}
