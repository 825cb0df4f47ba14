import { useEffect, useState } from 'react';
import type { OpportunitiesLatest, OpportunitiesReliability, OpportunityList } from '../../../src-shared/ipc/opportunities-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';

export interface OpportunitiesState {
  latest: OpportunitiesLatest | undefined;
  error: string | null;
  rescanning: boolean;
  rescan: () => void;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The scanner's list: asked for on connect (which starts the scanner when nobody had asked yet), then replaced by
 * each `opportunities.list`; today's count is asked for again with each new list.
 */
export function useOpportunities(): OpportunitiesState {
  const client = useClient();
  const [latest, setLatest] = useState<OpportunitiesLatest>();
  const [error, setError] = useState<string | null>(null);
  const [rescanning, setRescanning] = useState(false);

  useLoadOnConnect(
    (c) => c.invoke('opportunities.latest', {}),
    (value) => {
      setLatest(value);
      setError(null);
    },
    setError,
  );

  useEffect(
    () =>
      client.subscribe('opportunities.list', (items) => {
        const list = items.at(-1);
        if (!list) return;
        setLatest((current) => ({ list, discoveredToday: current?.discoveredToday ?? 0, running: true }));
        client.invoke('opportunities.latest', {}).then(
          (value) => setLatest((current) => (current && current.list.scannedAt > value.list.scannedAt ? { ...current, discoveredToday: value.discoveredToday } : value)),
          () => undefined,
        );
      }),
    [client],
  );

  const rescan = (): void => {
    setRescanning(true);
    client
      .invoke('opportunities.rescan', {})
      .then((list: OpportunityList) => {
        setLatest((current) => ({ list, discoveredToday: current?.discoveredToday ?? 0, running: true }));
        setError(null);
      })
      .catch((e: unknown) => setError(`the scan failed: ${messageOf(e)}`))
      .finally(() => setRescanning(false));
  };

  return { latest, error, rescanning, rescan };
}

/** The reliability diagrams as of `asOf`, asked for again when the list moves to a new bar. */
export function useReliability(asOf: number | undefined): { reliability: OpportunitiesReliability | undefined; error: string | null } {
  const client = useClient();
  const [reliability, setReliability] = useState<OpportunitiesReliability>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (asOf === undefined || asOf === 0) return;
    let live = true;
    client.invoke('opportunities.reliability', {}).then(
      (value) => {
        if (!live) return;
        setReliability(value);
        setError(null);
      },
      (e: unknown) => {
        if (live) setError(`no reliability diagram: ${messageOf(e)}`);
      },
    );
    return () => {
      live = false;
    };
  }, [client, asOf]);
  return { reliability, error };
}
