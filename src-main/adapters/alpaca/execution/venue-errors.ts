import { trading } from '@alpacahq/alpaca-trade-api';
import { VenueError } from '../../../kernel/orders/venue.js';

interface AlpacaErrorBody {
  code?: number | string;
  message?: string;
}

async function readBody(error: trading.ApiError): Promise<AlpacaErrorBody> {
  try {
    const text = error.message;
    const start = text.indexOf('{');
    if (start >= 0) return JSON.parse(text.slice(start)) as AlpacaErrorBody;
  } catch {
    // fall through to the response body
  }
  try {
    return (await error.response.clone().json()) as AlpacaErrorBody;
  } catch {
    return { message: error.message };
  }
}

/** Maps an Alpaca refusal to a code a trader can act on. */
function rejectionCode(status: number, message: string): string {
  const m = message.toLowerCase();
  if (m.includes('buying power')) return 'INSUFFICIENT_BUYING_POWER';
  if (m.includes('short')) return 'NOT_SHORTABLE';
  if (m.includes('insufficient qty')) return 'INSUFFICIENT_QTY';
  if (m.includes('restricted') || m.includes('blocked') || m.includes('not allowed')) return 'ACCOUNT_RESTRICTED';
  if (m.includes('not tradable') || m.includes('not active') || m.includes('asset')) return 'ASSET_NOT_TRADABLE';
  if (m.includes('wash trade')) return 'WASH_TRADE';
  if (status === 403) return 'BROKER_FORBIDDEN';
  return 'BROKER_REJECTED';
}

/**
 * Sorts what the SDK threw into what the order manager may do next. A write that produced no HTTP answer
 * (timeout, reset, refused) or a 5xx has an unknown outcome: the broker may hold the order.
 */
export async function toVenueError(error: unknown, write: boolean): Promise<VenueError> {
  if (error instanceof VenueError) return error;
  if (error instanceof trading.ApiError) {
    const body = await readBody(error);
    const reset = error.rateLimit?.reset?.getTime();
    const wait = error.retryAfterMs ?? (reset !== undefined ? Math.max(0, reset - Date.now()) : undefined);
    return venueErrorForAnswer(error.status, body.message ?? error.message, wait, write);
  }
  return noAnswer(error);
}

/** A request that got no HTTP answer (timeout, reset, refused): the broker may or may not hold what it asked for. */
export function noAnswer(error: unknown): VenueError {
  const text = error instanceof Error ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
  return new VenueError('unknown-outcome', 'NO_ANSWER', `no answer from the broker: ${text}`);
}

/** The broker's non-2xx answer (status and its message) in the order manager's words. */
export function venueErrorForAnswer(status: number, message: string, retryAfterMs: number | undefined, write: boolean): VenueError {
  if (status === 429) return new VenueError('rate-limited', 'RATE_LIMITED', 'the broker rate limit was reached', status, retryAfterMs ?? 1000);
  if (status >= 500) {
    // Through a gateway, a 5xx on a write may still have reached the broker: treat it like no answer.
    return new VenueError('unknown-outcome', write ? 'BROKER_UNAVAILABLE' : 'BROKER_UNAVAILABLE_READ', `broker answered ${status}: ${message}`, status);
  }
  if (status === 401) return new VenueError('auth', 'BROKER_AUTH', 'the broker refused the API key', status);
  if (status === 404) return new VenueError('not-found', 'ORDER_NOT_FOUND', message, status);
  if (status === 422 && /client_order_id must be unique/i.test(message)) {
    return new VenueError('duplicate-client-order-id', 'DUPLICATE_CLIENT_ORDER_ID', message, status);
  }
  if (status === 422 && /not cancelable|not replaceable/i.test(message)) return new VenueError('not-cancelable', 'ORDER_NOT_CANCELABLE', message, status);
  if (status === 403 && message === 'forbidden.') return new VenueError('auth', 'BROKER_AUTH', 'the broker refused the API key (forbidden)', status);
  return new VenueError('rejected', rejectionCode(status, message), message, status);
}
