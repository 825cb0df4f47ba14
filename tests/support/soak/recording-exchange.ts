import { startExchange, type ExchangeOptions, type RunningExchange } from '../../../src-main/exchange/exchange.js';

/** A Wednesday, 10:00 in New York: the regular session is open, so market orders fill and limits rest. */
export const SOAK_SESSION_START = Date.parse('2024-03-06T15:00:00Z');

/** One order request that reached the exchange's broker, stamped with the wall clock of this process on arrival. */
export interface OrderArrival {
  /** Wall-clock epoch ms when the broker was handed the request. */
  at: number;
  kind: 'submit' | 'replace';
  /** The workstation's client order id; undefined for orders the exchange makes itself (closing positions). */
  clientOrderId: string | undefined;
  symbol: string | undefined;
  /** False when the broker refused the request (it still reached the exchange). */
  accepted: boolean;
}

export interface ExchangeOrderView {
  clientOrderId: string;
  id: string;
  symbol: string;
  status: string;
  filledQty: string;
}

export interface RecordingExchange {
  exchange: RunningExchange;
  /** Every order request in arrival order. */
  arrivals: OrderArrival[];
  /** The account's orders and positions as the broker holds them now (read in-process: no page limit). */
  orders(): ExchangeOrderView[];
  positions(): Map<string, string>;
  close(): Promise<void>;
}

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The standalone local exchange a soak or benchmark trades against, in this process (the host under test runs in
 * a child and reaches it over loopback with `--exchange-url`). It records when each order request reaches the
 * broker, so a check can say whether any order arrived after the kill switch tripped.
 */
export async function startRecordingExchange(options: ExchangeOptions = {}): Promise<RecordingExchange> {
  const exchange = await startExchange({
    seed: 11,
    speed: 1,
    startTime: SOAK_SESSION_START,
    partialFillShare: 0,
    log: { warn: () => {}, error: () => {} },
    ...options,
  });
  const arrivals: OrderArrival[] = [];
  const broker = exchange.broker;
  // The routes call these methods on the broker instance at request time: wrapping them here sees every request.
  const submit = broker.submitOrder.bind(broker);
  const replace = broker.replaceOrder.bind(broker);
  const record = <T>(kind: OrderArrival['kind'], body: unknown, symbol: string | undefined, run: () => T): T => {
    const arrival: OrderArrival = { at: Date.now(), kind, clientOrderId: field(body, 'client_order_id'), symbol, accepted: false };
    arrivals.push(arrival);
    const result = run();
    arrival.accepted = true;
    return result;
  };
  broker.submitOrder = (keyId, body) => record('submit', body, field(body, 'symbol'), () => submit(keyId, body));
  broker.replaceOrder = (keyId, id, body) => record('replace', body, undefined, () => replace(keyId, id, body));
  const keyId = exchange.keys.keyId;
  return {
    exchange,
    arrivals,
    orders: () =>
      broker.ordersOf(keyId).map((o) => ({ clientOrderId: o.clientOrderId, id: o.id, symbol: o.symbol, status: o.status, filledQty: o.filledQty.toString() })),
    positions: () => {
      const out = new Map<string, string>();
      for (const [symbol, position] of broker.account(keyId).positions) if (!position.qty.isZero()) out.set(symbol, position.qty.toString());
      return out;
    },
    close: () => exchange.close(),
  };
}
