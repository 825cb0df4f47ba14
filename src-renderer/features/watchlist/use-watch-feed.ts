import { useEffect, useRef } from 'react';
import type { WorkstationClient } from '../../../src-shared/ipc/client.js';
import { applyQuote, applySnapshot, applyStatus, applyTrades, emptyRow, type WatchRow } from './watch-rows.js';

export interface WatchFeedSink {
  /** Rows to add (new symbols) and rows whose values changed, one call per coalesced batch. */
  apply(change: { add: WatchRow[]; update: WatchRow[]; remove: WatchRow[] }): void;
  error(message: string | null): void;
}

/**
 * Keeps the rows of `symbols` live: a snapshot first, then the coalesced quote, trade and status batches. Live
 * interest is held by a pending `marketData.watch` call; a new symbol set starts a new watch before the old one
 * is cancelled, so symbols in both are never released in between.
 */
export function useWatchFeed(client: WorkstationClient, symbols: readonly string[], sink: WatchFeedSink): void {
  const rows = useRef(new Map<string, WatchRow>());
  const sinkRef = useRef(sink);
  sinkRef.current = sink;
  const key = symbols.join(',');

  useEffect(() => {
    const wanted = key ? key.split(',') : [];
    const current = rows.current;
    const removed = [...current.values()].filter((r) => !wanted.includes(r.symbol));
    for (const r of removed) current.delete(r.symbol);
    const added = wanted.filter((s) => !current.has(s)).map(emptyRow);
    for (const r of added) current.set(r.symbol, r);
    if (added.length || removed.length) sinkRef.current.apply({ add: added, update: [], remove: removed });
    if (wanted.length === 0) return;

    const controller = new AbortController();
    client.invoke('marketData.watch', { symbols: wanted }, { signal: controller.signal }).catch((error: unknown) => {
      if (!controller.signal.aborted) sinkRef.current.error(`live data stopped: ${error instanceof Error ? error.message : String(error)}`);
    });

    const update = (changed: Map<string, WatchRow>): void => {
      if (changed.size === 0) return;
      for (const [symbol, row] of changed) current.set(symbol, row);
      sinkRef.current.apply({ add: [], update: [...changed.values()], remove: [] });
    };
    const row = (symbol: string, changed: Map<string, WatchRow>): WatchRow | undefined => changed.get(symbol) ?? current.get(symbol);

    client
      .invoke('marketData.snapshot', { symbols: wanted })
      .then(({ snapshots }) => {
        const changed = new Map<string, WatchRow>();
        for (const s of snapshots) {
          const r = row(s.symbol, changed);
          if (r) changed.set(s.symbol, applySnapshot(r, s));
        }
        update(changed);
        sinkRef.current.error(null);
      })
      .catch((error: unknown) => sinkRef.current.error(`snapshot failed: ${error instanceof Error ? error.message : String(error)}`));

    const unsubscribers = [
      client.subscribe('marketData.trade', (items) => {
        const bySymbol = new Map<string, typeof items>();
        for (const t of items) if (current.has(t.symbol)) bySymbol.set(t.symbol, [...(bySymbol.get(t.symbol) ?? []), t]);
        const changed = new Map<string, WatchRow>();
        for (const [symbol, trades] of bySymbol) changed.set(symbol, applyTrades(current.get(symbol)!, trades));
        update(changed);
      }),
      client.subscribe('marketData.quote', (items) => {
        const changed = new Map<string, WatchRow>();
        for (const q of items) {
          const r = row(q.symbol, changed);
          if (r) changed.set(q.symbol, applyQuote(r, q));
        }
        update(changed);
      }),
      client.subscribe('marketData.status', (items) => {
        const changed = new Map<string, WatchRow>();
        for (const status of items) {
          for (const s of status.symbols) {
            const r = row(s.symbol, changed);
            if (r) changed.set(s.symbol, applyStatus(r, s));
          }
        }
        update(changed);
      }),
    ];
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      // Cancelled after this effect's successor started its watch: shared symbols keep their reference.
      queueMicrotask(() => controller.abort());
    };
  }, [client, key]);
}
