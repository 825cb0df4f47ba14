// The rebalance optimiser's worker thread (built to dist/main/rebalance-worker.mjs; rebalance-client.ts starts it):
// the Ledoit-Wolf covariance and the optimiser take tens of milliseconds for 50 symbols and grow with the cube of
// the universe, too long for main's event loop.
import { parentPort } from 'node:worker_threads';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { planRebalance } from './risk-report/rebalance.js';
import type { RebalanceWorkerReply, RebalanceWorkerRequest } from './rebalance-protocol.js';

const port = parentPort!;

port.on('message', (request: RebalanceWorkerRequest) => {
  let reply: RebalanceWorkerReply;
  try {
    reply = { id: request.id, ok: true, plan: planRebalance(request.input) };
  } catch (error) {
    reply = { id: request.id, ok: false, code: error instanceof CodedError ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
