import { useEffect, useState } from 'react';
import { MAX_NEWS_WINDOW_MS } from '../../../src-shared/ipc/news-schemas.js';
import { useClient } from '../../app/client-context.js';
import type { NewsMarker } from '../../components/chart/chart-model.js';

const NONE: NewsMarker[] = [];
const LIMIT = 300;

/**
 * Headlines about one symbol as chart markers: the last 30 days when the chart opens (news.list), then each new
 * one as main publishes it (news.headline). Without a news source the chart simply shows none.
 */
export function useNewsMarkers(symbol: string): NewsMarker[] {
  const client = useClient();
  const [markers, setMarkers] = useState<NewsMarker[]>(NONE);

  useEffect(() => {
    if (!symbol) return;
    let live = true;
    const byId = new Map<number, NewsMarker>();
    const take = (items: ReadonlyArray<{ id: number; t: number; headline: string; symbols: string[]; sentiment: { score: number } }>): void => {
      let added = false;
      for (const h of items) {
        if (!h.symbols.includes(symbol) || byId.has(h.id)) continue;
        byId.set(h.id, { t: h.t, score: h.sentiment.score, headline: h.headline });
        added = true;
      }
      if (added && live) setMarkers([...byId.values()].sort((a, b) => a.t - b.t));
    };
    setMarkers(NONE);
    const stop = client.subscribe('news.headline', take);
    client
      .invoke('news.list', { symbols: [symbol], windowMs: MAX_NEWS_WINDOW_MS, limit: LIMIT })
      .then((r) => take(r.headlines))
      .catch(() => undefined);
    return () => {
      live = false;
      stop();
    };
  }, [client, symbol]);

  return markers;
}
