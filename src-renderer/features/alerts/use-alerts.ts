import { useEffect, useState } from 'react';
import type { AlertRule, FiredAlert } from '../../../src-shared/ipc/alerts-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';

const HISTORY_LIMIT = 200;

/** The rules and the latest firings, live: loaded on connect, firings prepended as `alerts.fired` arrives. */
export function useAlerts(): { rules: AlertRule[]; setRules: (rules: AlertRule[]) => void; fired: FiredAlert[]; error: string | null } {
  const client = useClient();
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [fired, setFired] = useState<FiredAlert[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      client.subscribe('alerts.fired', (items) => {
        setFired((current) => {
          const known = new Set(current.map((f) => f.id));
          const fresh = items.filter((f) => !known.has(f.id)).reverse();
          return [...fresh, ...current].slice(0, HISTORY_LIMIT);
        });
        // A one-shot rule turns itself off when it fires: show its state as main stored it.
        client.invoke('alerts.rules', {}).then((r) => setRules(r.rules), () => undefined);
      }),
    [client],
  );

  useLoadOnConnect(
    (c) => Promise.all([c.invoke('alerts.rules', {}), c.invoke('alerts.history', { limit: HISTORY_LIMIT })]),
    ([r, h]) => {
      setRules(r.rules);
      setFired((current) => {
        const known = new Set(h.fired.map((f) => f.id));
        return [...current.filter((f) => !known.has(f.id)), ...h.fired].sort((a, b) => b.at - a.at || b.id - a.id).slice(0, HISTORY_LIMIT);
      });
      setError(null);
    },
    setError,
  );

  return { rules, setRules, fired, error };
}
