// The scanner's worker thread: holds the universe's bars and runs scans off main's event loop (built to
// dist/main/scan-worker.mjs; scan-client.ts starts it).
import { parentPort } from 'node:worker_threads';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { parseParams } from '../kernel/strategy/params.js';
import { STRATEGIES } from '../strategies/index.js';
import { scan, type ScanStrategy } from './scanner.js';
import type { ScanWorkerReply, ScanWorkerRequest } from './scan-protocol.js';
import { UniverseBars } from './universe-bars.js';

const universe = new UniverseBars();
const port = parentPort!;

function strategiesNamed(names: readonly string[]): ScanStrategy[] {
  return names.map((name) => {
    const definition = STRATEGIES.get(name);
    if (!definition) throw new CodedError('BAD_REQUEST', `unknown strategy "${name}" for the scanner`);
    return { definition, params: parseParams(definition.params, {}) };
  });
}

port.on('message', (message: ScanWorkerRequest) => {
  if (message.type === 'load') return universe.load(message.columns);
  if (message.type === 'bars') {
    for (const { symbol, bar } of message.bars) universe.add(symbol, bar);
    return;
  }
  let reply: ScanWorkerReply;
  try {
    const result = scan({
      columns: universe.columns(),
      strategies: strategiesNamed(message.strategies),
      ...(message.asOf !== undefined ? { asOf: message.asOf } : {}),
      ...(message.window !== undefined ? { window: message.window } : {}),
      ...(message.orderHorizonBars !== undefined ? { orderHorizonBars: message.orderHorizonBars } : {}),
      ...(message.withReliability !== undefined ? { withReliability: message.withReliability } : {}),
      ...(message.priorOutcomes ? { priorOutcomes: message.priorOutcomes } : {}),
    });
    reply = { type: 'result', id: message.id, result };
  } catch (error) {
    reply = { type: 'error', id: message.id, code: error instanceof CodedError ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
