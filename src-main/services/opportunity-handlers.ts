import type { ContractHandlers } from '../ipc/handlers.js';
import type { OpportunityService } from './opportunity-service.js';

/** The `opportunities` invokes (requests validated by the router against the contract's zod schemas first). */
export function createOpportunityHandlers(service: () => OpportunityService): ContractHandlers['opportunities'] {
  return {
    latest: () => service().current(),
    rescan: () => service().rescan(),
    reliability: () => service().reliability(),
  };
}
