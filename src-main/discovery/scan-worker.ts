// The scanner's worker thread: holds the universe's bars and runs scans off main's event loop (built to
// dist/main/scan-worker.mjs; scan-client.ts starts it).
import { parentPort } from 'node:worker_threads';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { parseParams } from '../kernel/strategy/params.js';
import { STRATEGIES } from '../strategies/index.js';
import { IncrementalScanner } from './incremental-scan.js';
import { scan, type ScanOutput, type ScanStrategy } from './scanner.js';
import type { ScanWorkerReply, ScanWorkerRequest } from './scan-protocol.js';
import { UniverseBars } from './universe-bars.js';

const universe = new UniverseBars();
const port = parentPort!;
/** The warm scanner of the last strategy set asked for (and its order horizon); rebuilt when either changes. */
let warm: { key: string; scanner: IncrementalScanner } | undefined;

function strategiesNamed(names: readonly string[]): ScanStrategy[] {
  return names.map((name) => {
    const definition = STRATEGIES.get(name);
    if (!definition) throw new CodedError('BAD_REQUEST', `unknown strategy "${name}" for the scanner`);
    return { definition, params: parseParams(definition.params, {}) };
  });
}

port.on('message', (message: ScanWorkerRequest) => {
  if (message.type === 'load') {
    universe.load(message.columns);
    warm?.scanner.reset();
    return;
  }
  if (message.type === 'bars') {
    for (const { symbol, bar } of message.bars) if (universe.add(symbol, bar)) warm?.scanner.add(symbol, bar);
    return;
  }
  let reply: ScanWorkerReply;
  try {
    const result = message.asOf === undefined && message.window === undefined ? warmScan(message) : scan({
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

/**
 * A scan of every bar held, from the warm scanner (incremental-scan.ts): each close costs its new bars' work, and the
 * answer is the one scan() over the same bars would give. A scan as of an earlier time, or over a window, runs scan().
 */
function warmScan(message: Extract<ScanWorkerRequest, { type: 'scan' }>): ScanOutput {
  const key = JSON.stringify([message.strategies, message.orderHorizonBars ?? null]);
  if (warm?.key !== key) {
    warm = { key, scanner: new IncrementalScanner(() => universe.columns(), { strategies: strategiesNamed(message.strategies), ...(message.orderHorizonBars !== undefined ? { orderHorizonBars: message.orderHorizonBars } : {}) }) };
  }
  return warm.scanner.scan({
    ...(message.priorOutcomes ? { priorOutcomes: message.priorOutcomes } : {}),
    ...(message.withReliability !== undefined ? { withReliability: message.withReliability } : {}),
    ...(message.external ? { external: message.external } : {}),
  });
}
