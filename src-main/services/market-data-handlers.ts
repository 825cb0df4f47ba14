import type { ContractHandlers } from '../ipc/handlers.js';
import type { MarketDataApi } from '../market-data/types.js';
import { marketClockOf } from './market-clock.js';

/**
 * The `marketData` invokes. Live values reach GUIs as contract events, which the service publishes for every
 * symbol someone watches; `watch` only holds the interest, for as long as its call is pending.
 */
export function createMarketDataHandlers(service: () => MarketDataApi): ContractHandlers['marketData'] {
  return {
    bars: (query, { signal }) => service().bars(query, signal),
    snapshot: async ({ symbols }) => ({ snapshots: await service().snapshots(unique(symbols)) }),
    watch: ({ symbols, timeframes }, { signal }) =>
      new Promise((resolve) => {
        const wanted = unique(symbols);
        const release = service().subscribe(wanted, {}, timeframes);
        const done = (): void => {
          release();
          resolve({ released: wanted });
        };
        if (signal.aborted) done();
        else signal.addEventListener('abort', done, { once: true });
      }),
    currentStatus: () => service().status(),
    clock: () => marketClockOf(service().marketClock?.(), Date.now()),
    validateSymbols: ({ symbols }) => service().validateSymbols(symbols),
    watchlists: () => ({ watchlists: service().watchlists() }),
    saveWatchlist: (list) => ({ watchlists: service().saveWatchlist(list) }),
    deleteWatchlist: ({ name }) => ({ watchlists: service().deleteWatchlist(name) }),
    storedSeries: () => ({ series: service().storedSeries() }),
  };
}

function unique(symbols: string[]): string[] {
  return [...new Set(symbols)];
}
