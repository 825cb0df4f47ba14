import type { ContractHandlers } from '../ipc/handlers.js';
import type { MarketDataApi } from '../market-data/types.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
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
    recordTicks: ({ symbol, on }) => ({ symbols: recorderOf(service()).recordTicks(symbol, on) }),
    tickRecording: () => ({ symbols: recorderOf(service()).tickRecording() }),
  };
}

function recorderOf(api: MarketDataApi): Required<Pick<MarketDataApi, 'recordTicks' | 'tickRecording'>> {
  const { recordTicks, tickRecording } = api;
  if (!recordTicks || !tickRecording) throw new CodedError('UNAVAILABLE', 'tick recording is not available in this mode (it needs the history store)');
  return { recordTicks: recordTicks.bind(api), tickRecording: tickRecording.bind(api) };
}

function unique(symbols: string[]): string[] {
  return [...new Set(symbols)];
}
