import { useEffect, useState } from 'react';
import type { NewsInsightDto, ScoredHeadlineDto } from '../../../src-shared/ipc/news-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useConnectionState } from '../../hooks/use-connection-state.js';

const KEEP = 300;

export interface NewsState {
  headlines: ScoredHeadlineDto[];
  insights: NewsInsightDto[];
  asOf: number | null;
  loading: boolean;
  error: string | null;
}

/**
 * Headlines of the symbols asked (all when none) over a window back from the exchange's now, reloaded when the
 * filter or window changes or the connection comes back; live `news.headline` events of those symbols are put on top.
 */
export function useNews(symbols: readonly string[], windowMs: number): NewsState {
  const client = useClient();
  const connection = useConnectionState();
  const [state, setState] = useState<NewsState>({ headlines: [], insights: [], asOf: null, loading: true, error: null });
  const key = symbols.join(',');

  useEffect(() => {
    if (connection !== 'connected') return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    client.invoke('news.list', { symbols: key ? key.split(',') : [], windowMs, limit: KEEP }).then(
      (r) => {
        if (live) setState({ headlines: r.headlines, insights: r.insights, asOf: r.asOf, loading: false, error: null });
      },
      (reason: unknown) => {
        if (live) setState((s) => ({ ...s, loading: false, error: reason instanceof Error ? reason.message : String(reason) }));
      },
    );
    return () => {
      live = false;
    };
  }, [client, connection, key, windowMs]);

  useEffect(
    () =>
      client.subscribe('news.headline', (items) => {
        const wanted = key ? new Set(key.split(',')) : undefined;
        const fresh = items.filter((h) => !wanted || h.symbols.some((s) => wanted.has(s)));
        if (fresh.length === 0) return;
        setState((s) => {
          const known = new Set(s.headlines.map((h) => h.id));
          const added = fresh.filter((h) => !known.has(h.id)).reverse();
          return { ...s, headlines: [...added, ...s.headlines].sort((a, b) => b.t - a.t).slice(0, KEEP) };
        });
      }),
    [client, key],
  );

  return state;
}
