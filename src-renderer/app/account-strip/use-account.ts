import { useEffect, useState } from 'react';
import { useClient } from '../client-context.js';
import { NEVER_READ, refreshFailed, refreshed, type Freshness } from '../../components/freshness.js';
import type { AccountWire } from './account-summary.js';

export interface AccountFeed {
  account: AccountWire | undefined;
  /** Why the last read failed (orders not started, broker unreachable); the strip keeps the last figures. */
  error: string | undefined;
  /** When the figures shown were read (wall clock, epoch ms). */
  readAt: number | undefined;
  /** Since when every refresh has failed (the figures shown are that old). */
  freshness: Freshness;
}

/**
 * The broker's account from main: read at once, after every fill and order change (coalesced in main, and at most
 * one read in flight), and on a slow poll so marks keep moving between trades.
 */
export function useAccount(pollMs = 3_000): AccountFeed {
  const client = useClient();
  const [feed, setFeed] = useState<AccountFeed>({ account: undefined, error: undefined, readAt: undefined, freshness: NEVER_READ });
  useEffect(() => {
    let alive = true;
    let inFlight = false;
    let again = false;
    const read = (): void => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      client
        .invoke('orders.account', {})
        .then(
          (account) => {
            const at = Date.now();
            if (alive) setFeed({ account, error: undefined, readAt: at, freshness: refreshed(at) });
          },
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            if (alive) setFeed((current) => ({ ...current, error: message, freshness: refreshFailed(current.freshness, Date.now(), message) }));
          },
        )
        .finally(() => {
          inFlight = false;
          if (again && alive) {
            again = false;
            read();
          }
        });
    };
    read();
    const timer = setInterval(read, pollMs);
    const offFill = client.subscribe('orders.fill', read);
    const offOrder = client.subscribe('orders.order', read);
    return () => {
      alive = false;
      clearInterval(timer);
      offFill();
      offOrder();
    };
  }, [client, pollMs]);
  return feed;
}
