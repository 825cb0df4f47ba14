import { useEffect, useState } from 'react';
import type { PayloadOf } from '../../../src-shared/ipc/contract.js';
import { useClient } from '../../app/client-context.js';

type OrderWire = PayloadOf<'orders.order'>;

export interface FollowedOrder {
  status: string;
  order: OrderWire;
  /** The broker's leg orders of a multi-leg order, by contract. */
  legs: OrderWire[];
}

/**
 * A sent order and its legs, kept current from main's order events (and one read of the newest orders, for the
 * events that came before the submit's answer did).
 */
export function useFollowedOrder(clientOrderId: string | null): FollowedOrder | null {
  const client = useClient();
  const [state, setState] = useState<{ order: OrderWire | null; legs: Map<string, OrderWire> }>({ order: null, legs: new Map() });
  useEffect(() => {
    setState({ order: null, legs: new Map() });
    if (!clientOrderId) return;
    const take = (items: readonly OrderWire[]) =>
      setState((current) => {
        let order = current.order;
        const legs = new Map(current.legs);
        for (const item of items) {
          if (item.clientOrderId === clientOrderId && (!order || item.updatedAt >= order.updatedAt)) order = item;
          if (item.parentClientOrderId === clientOrderId) legs.set(item.clientOrderId, item);
        }
        return { order, legs };
      });
    const unsubscribe = client.subscribe('orders.order', take);
    client
      .invoke('orders.list', { limit: 50 })
      .then(take)
      .catch(() => undefined);
    return unsubscribe;
  }, [client, clientOrderId]);
  if (!state.order) return null;
  return { status: state.order.status, order: state.order, legs: [...state.legs.values()] };
}

/** One line: the order's status and fill, then each leg's. */
export function followedText(followed: FollowedOrder): string {
  const { order, legs } = followed;
  const head = `${order.clientOrderId} is ${order.status}${Number(order.filledQty) > 0 && order.filledAvgPrice ? ` · ${order.filledQty} filled at net ${order.filledAvgPrice}` : ''}${order.rejectMessage ? ` (${order.rejectMessage})` : ''}`;
  if (!legs.length) return head;
  const filled = legs.filter((l) => l.status === 'filled').length;
  const each = legs.map((l) => `${String(l.intent.side ?? '')} ${String(l.intent.symbol ?? '')} ${l.status}${l.filledAvgPrice ? ` @ ${l.filledAvgPrice}` : ''}`).join('; ');
  return `${head} · ${filled} of ${legs.length} legs filled: ${each}`;
}
