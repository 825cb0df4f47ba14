import type { ContractHandlers } from '../ipc/handlers.js';
import type { OptionsService } from '../options/options-service.js';

/** The `options` invokes: an underlying's chain from the current mode, its IV history, and recording today's IV. */
export function createOptionsHandlers(service: () => OptionsService): ContractHandlers['options'] {
  return {
    chain: ({ underlying, expiry }, { signal }) => service().chain(underlying, expiry, signal),
    ivHistory: ({ underlying, days }) => service().ivHistory(underlying, days),
    recordIv: ({ underlying }, { signal }) => service().recordIv(underlying, signal),
  };
}
