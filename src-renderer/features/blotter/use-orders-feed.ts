import { useEffect, useRef, useState } from 'react';
import type { WorkstationClient } from '../../../src-shared/ipc/client.js';
import { ORDERS_PAGE_MAX } from '../../../src-shared/ipc/order-schemas.js';
import { NEVER_READ, refreshFailed, refreshed, type Freshness } from '../../components/freshness.js';
import type { AccountWire, AlgoWire, FillWire, OrderWire, PositionWire } from './blotter-rows.js';

export interface OrdersFeed {
  orders: ReadonlyMap<string, OrderWire>;
  fills: readonly FillWire[];
  positions: readonly PositionWire[];
  account: AccountWire | undefined;
  /** The account's figures stay shown when a refresh fails; this says since when they are old. */
  accountFreshness: Freshness;
  algos: ReadonlyMap<string, AlgoWire>;
  error: string | null;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Orders, fills, positions and the account, live: a full load, then the orders events (coalesced in main); a
 * fill refreshes positions and the account, and a slow poll keeps the marks (unrealised P&L) moving.
 */
export function useOrdersFeed(client: WorkstationClient, accountPollMs = 3_000): OrdersFeed {
  const [orders, setOrders] = useState<ReadonlyMap<string, OrderWire>>(new Map());
  const [fills, setFills] = useState<readonly FillWire[]>([]);
  const [positions, setPositions] = useState<readonly PositionWire[]>([]);
  const [account, setAccount] = useState<AccountWire>();
  const [accountFreshness, setAccountFreshness] = useState<Freshness>(NEVER_READ);
  const [algos, setAlgos] = useState<ReadonlyMap<string, AlgoWire>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    let alive = true;
    const fail = (what: string) => (e: unknown) => alive && setError(`${what}: ${messageOf(e)}`);
    const loadHoldings = (): void => {
      client.invoke('orders.positions', {}).then((p) => alive && setPositions(p), fail('positions'));
      client.invoke('orders.account', {}).then(
        (a) => {
          if (!alive) return;
          setAccount(a);
          setAccountFreshness(refreshed(Date.now()));
          setError(null);
        },
        (e: unknown) => {
          if (!alive) return;
          setAccountFreshness((current) => refreshFailed(current, Date.now(), messageOf(e)));
          fail('account')(e);
        },
      );
    };
    const soon = (): void => {
      clearTimeout(refreshTimer.current);
      refreshTimer.current = setTimeout(loadHoldings, 250);
    };
    // The newest page of orders, and every working order however old (main pages its journal).
    const loadOrders = (request: { open?: boolean; limit?: number }): void => {
      client.invoke('orders.list', request).then((list) => alive && setOrders((current) => mergeOrders(new Map(list.map((o) => [o.clientOrderId, o])), current.values())), fail('orders'));
    };
    loadOrders({});
    loadOrders({ open: true, limit: ORDERS_PAGE_MAX });
    client.invoke('orders.fills', {}).then((list) => alive && setFills((current) => mergeFills(list, current)), fail('fills'));
    loadHoldings();
    client.invoke('orders.algos', {}).then((list) => alive && setAlgos((current) => new Map([...list.map((a) => [a.id, a] as const), ...current])), fail('algos'));
    const poll = setInterval(loadHoldings, accountPollMs);
    const unsubscribers = [
      client.subscribe('orders.order', (items) => setOrders((current) => mergeOrders(new Map(current), items))),
      client.subscribe('orders.algo', (items) =>
        setAlgos((current) => {
          const next = new Map(current);
          for (const a of items) next.set(a.id, a);
          return next;
        }),
      ),
      client.subscribe('orders.fill', (items) => {
        setFills((current) => mergeFills(current, items));
        soon();
      }),
    ];
    return () => {
      alive = false;
      clearInterval(poll);
      clearTimeout(refreshTimer.current);
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [client, accountPollMs]);

  return { orders, fills, positions, account, accountFreshness, algos, error };
}

/** Newer record wins (events may arrive before the initial list answers). */
function mergeOrders(into: Map<string, OrderWire>, items: Iterable<OrderWire>): Map<string, OrderWire> {
  for (const order of items) {
    const known = into.get(order.clientOrderId);
    if (!known || order.updatedAt >= known.updatedAt) into.set(order.clientOrderId, order);
  }
  return into;
}

function mergeFills(current: readonly FillWire[], items: readonly FillWire[]): FillWire[] {
  const seen = new Set(current.map((f) => f.executionId));
  const added = items.filter((f) => !seen.has(f.executionId));
  return added.length === 0 ? [...current] : [...current, ...added].sort((a, b) => b.at - a.at);
}
