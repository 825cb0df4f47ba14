import type { Broker } from '../../broker/broker.js';
import { invalidInput } from '../../broker/errors.js';
import { TERMINAL_STATUSES, type Order } from '../../broker/model.js';
import { orderJson } from '../../broker/serialize.js';
import type { Route } from '../../server/route-types.js';
import { boolParam, directionParam, intParam, listParam, timeParam } from './query.js';

/** /v2/orders: submit, list, get (by id or client order id), replace, cancel one or all. */
export function orderRoutes(broker: Broker): Route[] {
  return [
    { method: 'POST', path: '/v2/orders', handler: (req) => ({ status: 200, body: broker.submitOrder(req.keyId, req.body) }) },
    {
      method: 'GET',
      path: '/v2/orders',
      handler: (req) => {
        broker.sync();
        return { status: 200, body: listOrders(broker, req.keyId, req.query) };
      },
    },
    {
      method: 'GET',
      path: '/v2/orders:by_client_order_id',
      handler: (req) => {
        const clientOrderId = req.query.get('client_order_id');
        if (!clientOrderId) throw invalidInput('client_order_id is required');
        broker.sync();
        return { status: 200, body: broker.getOrderByClientId(req.keyId, clientOrderId) };
      },
    },
    {
      method: 'GET',
      path: '/v2/orders/:order_id',
      handler: (req) => {
        broker.sync();
        return { status: 200, body: broker.getOrder(req.keyId, req.params.order_id ?? '', boolParam(req.query, 'nested')) };
      },
    },
    { method: 'PATCH', path: '/v2/orders/:order_id', handler: (req) => ({ status: 200, body: broker.replaceOrder(req.keyId, req.params.order_id ?? '', req.body) }) },
    {
      method: 'DELETE',
      path: '/v2/orders/:order_id',
      handler: (req) => {
        broker.cancelOrder(req.keyId, req.params.order_id ?? '');
        return { status: 204 };
      },
    },
    { method: 'DELETE', path: '/v2/orders', handler: (req) => ({ status: 207, body: broker.cancelAll(req.keyId) }) },
  ];
}

function listOrders(broker: Broker, keyId: string, query: URLSearchParams): unknown[] {
  const status = query.get('status') ?? 'open';
  if (!['open', 'closed', 'all'].includes(status)) throw invalidInput('invalid status');
  const limit = intParam(query, 'limit', 50, 500);
  const after = timeParam(query, 'after');
  const until = timeParam(query, 'until');
  const direction = directionParam(query);
  const nested = boolParam(query, 'nested');
  const side = query.get('side');
  const symbols = listParam(query, 'symbols');
  const matches = (order: Order): boolean => {
    const closed = TERMINAL_STATUSES.has(order.status);
    if (status === 'open' && closed) return false;
    if (status === 'closed' && !closed) return false;
    if (after !== undefined && order.submittedAt <= after) return false;
    if (until !== undefined && order.submittedAt >= until) return false;
    if (side && order.side !== side) return false;
    if (symbols && !symbols.includes(order.symbol)) return false;
    // Nested listings roll legs under their parent instead of listing them on their own.
    if (nested && order.parentId !== null) return false;
    return true;
  };
  const orders = broker.ordersOf(keyId).filter(matches);
  if (direction === 'desc') orders.reverse();
  return orders.slice(0, limit).map((order) => orderJson(order, nested ? broker.legsOf(order) : undefined));
}
