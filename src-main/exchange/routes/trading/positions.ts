import type { Broker } from '../../broker/broker.js';
import { Decimal, parseDecimal } from '../../broker/decimal.js';
import { invalidInput, positionNotFound } from '../../broker/errors.js';
import type { Position } from '../../broker/model.js';
import { heldForOrders } from '../../broker/risk.js';
import { positionJson } from '../../broker/serialize.js';
import { AlpacaHttpError, type Route } from '../../server/route-types.js';

/** /v2/positions: list, get, close one (qty or percentage), close all (207), and exercise an option position. */
export function positionRoutes(broker: Broker): Route[] {
  const find = (keyId: string, symbolOrId: string): Position => {
    const account = broker.account(keyId);
    const position = account.positions.get(symbolOrId) ?? [...account.positions.values()].find((p) => p.assetId === symbolOrId);
    if (!position) throw positionNotFound();
    return position;
  };
  const json = (keyId: string, position: Position): unknown => {
    const side = position.qty.isNegative() ? 'buy' : 'sell';
    return positionJson(position, broker.valuer, heldForOrders(broker.account(keyId), position.symbol, side), broker.now());
  };
  const close = (keyId: string, position: Position, query: URLSearchParams): unknown => {
    let qty = position.qty.abs();
    const rawQty = query.get('qty');
    const rawPct = query.get('percentage');
    if (rawQty && rawPct) throw invalidInput('only one of qty or percentage is accepted');
    if (rawQty) {
      const parsed = parseDecimal(rawQty);
      if (!parsed || parsed.lte(0)) throw invalidInput('invalid qty');
      qty = parsed;
    } else if (rawPct) {
      const pct = parseDecimal(rawPct);
      if (!pct || pct.lte(0) || pct.gt(100)) throw invalidInput('invalid percentage');
      qty = position.qty.abs().times(pct).div(100).toDecimalPlaces(9, Decimal.ROUND_DOWN);
    }
    const side = position.qty.isNegative() ? 'buy' : 'sell';
    return broker.submitOrder(keyId, {
      symbol: position.symbol,
      qty: qty.toFixed(),
      side,
      type: 'market',
      time_in_force: 'day',
      position_intent: side === 'buy' ? 'buy_to_close' : 'sell_to_close',
    });
  };
  return [
    {
      method: 'GET',
      path: '/v2/positions',
      handler: (req) => {
        broker.sync();
        return { status: 200, body: [...broker.account(req.keyId).positions.values()].map((p) => json(req.keyId, p)) };
      },
    },
    {
      method: 'GET',
      path: '/v2/positions/:symbol_or_asset_id',
      handler: (req) => {
        broker.sync();
        return { status: 200, body: json(req.keyId, find(req.keyId, req.params.symbol_or_asset_id ?? '')) };
      },
    },
    {
      // Exercise every held contract of an option position: 200 with an empty body, as Alpaca answers.
      method: 'POST',
      path: '/v2/positions/:symbol_or_asset_id/exercise',
      handler: (req) => {
        broker.exercise(req.keyId, req.params.symbol_or_asset_id ?? '');
        return { status: 200 };
      },
    },
    {
      // A do-not-exercise instruction for a held long contract: it expires rather than being exercised in the money.
      method: 'POST',
      path: '/v2/positions/:symbol_or_asset_id/do-not-exercise',
      handler: (req) => {
        broker.doNotExercise(req.keyId, req.params.symbol_or_asset_id ?? '');
        return { status: 200 };
      },
    },
    { method: 'DELETE', path: '/v2/positions/:symbol_or_asset_id', handler: (req) => ({ status: 200, body: close(req.keyId, find(req.keyId, req.params.symbol_or_asset_id ?? ''), req.query) }) },
    {
      method: 'DELETE',
      path: '/v2/positions',
      handler: (req) => {
        broker.sync();
        if (req.query.get('cancel_orders') === 'true') {
          for (const order of broker.ordersOf(req.keyId)) if (order.parentId === null) broker.cancelNow(order);
        }
        const results = [...broker.account(req.keyId).positions.values()].map((position) => {
          try {
            return { symbol: position.symbol, status: 200, body: close(req.keyId, position, new URLSearchParams()) };
          } catch (error) {
            if (error instanceof AlpacaHttpError) return { symbol: position.symbol, status: error.status, body: error.body };
            throw error;
          }
        });
        return { status: 207, body: results };
      },
    },
  ];
}
