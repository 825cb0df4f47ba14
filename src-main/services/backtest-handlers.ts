import type { ContractHandlers } from '../ipc/handlers.js';
import type { BacktestService } from './backtest-service.js';

/** The `backtest` invokes; runs and optimisations execute in worker threads (see BacktestService). */
export function createBacktestHandlers(service: () => BacktestService): ContractHandlers['backtest'] {
  return {
    strategies: () => ({ strategies: service().strategies() }),
    run: (request, { signal }) => service().run(request, signal),
    optimize: (request, { signal }) => service().optimize(request, signal),
    uploadCsvPart: ({ uploadId, part, text }) => service().uploadCsvPart(uploadId, part, text),
    importCsv: (request, { signal }) => service().importCsv(request, signal),
    monteCarlo: (request, { signal }) => service().monteCarlo(request, signal),
    runs: ({ limit }) => ({ runs: service().runs(limit) }),
    getRun: ({ id }) => service().getRun(id),
    compare: ({ ids }) => service().compare(ids),
    deleteRun: ({ id }) => {
      service().deleteRun(id);
      return { deleted: id };
    },
  };
}
