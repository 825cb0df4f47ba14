import type { ContractHandlers } from '../ipc/handlers.js';
import type { MlService } from '../ml/ml-service.js';

/** The `ml` invokes (requests validated by the router against the contract's zod schemas before they get here). */
export function createMlHandlers(service: () => MlService): ContractHandlers['ml'] {
  return {
    models: () => ({ models: service().models() }),
    train: async (request, { signal }) => ({ model: await service().train(request, signal) }),
    predict: ({ model, symbols }, { signal }) => service().predict(model, symbols, signal),
  };
}
