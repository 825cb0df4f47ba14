import type { RebalanceInput, RebalancePlan } from './risk-report/rebalance.js';

/**
 * Messages to and from the rebalance worker (rebalance-worker.ts). The input crosses as it is: its Maps and typed
 * arrays survive the structured clone, so the worker computes from exactly what main would have.
 */
export interface RebalanceWorkerRequest {
  id: number;
  input: RebalanceInput;
}

export type RebalanceWorkerReply = { id: number; ok: true; plan: RebalancePlan } | { id: number; ok: false; code: string; message: string };
