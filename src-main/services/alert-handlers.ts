import type { ContractHandlers } from '../ipc/handlers.js';
import type { AlertService } from './alert-service.js';

/** The `alerts` invokes: rules (list, save, delete) and the stored history of firings. */
export function createAlertHandlers(service: () => AlertService): ContractHandlers['alerts'] {
  return {
    rules: () => ({ rules: service().rules() }),
    saveRule: (request) => ({ rules: service().saveRule(request) }),
    deleteRule: ({ id }) => ({ rules: service().deleteRule(id) }),
    history: ({ limit }) => ({ fired: service().history(limit) }),
  };
}
