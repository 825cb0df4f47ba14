import type { ContractHandlers } from '../ipc/handlers.js';
import { cancelRun } from '../distributed/producer.js';
import { parseQueueUrl } from '../distributed/redis/url.js';
import { queueStatus } from '../distributed/status.js';

/**
 * The `distributed` invokes: a few Redis round trips each (no computation), so they run on main's loop. The URL
 * comes from the GUI without a password (the contract refuses one); WORKSTATION_REDIS_PASSWORD supplies it here.
 */
export function createDistributedHandlers(env: NodeJS.ProcessEnv = process.env): ContractHandlers['distributed'] {
  return {
    status: ({ url }) => queueStatus(parseQueueUrl(url, env)),
    cancel: ({ url, runId }) => cancelRun(parseQueueUrl(url, env), runId),
  };
}
