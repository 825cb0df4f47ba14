import { EventHub } from '../../../../src-main/ipc/event-hub.js';
import type { AlgoProgress } from '../../../../src-main/kernel/algos/algo-types.js';
import { Logger } from '../../../../src-main/logging/logger.js';
import { OrderService } from '../../../../src-main/services/order-service.js';

/**
 * A stand-in for the app that the algo restart test kills with SIGKILL: the real orders service (journal, venue,
 * risk engine, order manager, algo engine wired as in the workstation) in demo mode against the test's exchange.
 * `start` starts a TWAP once trading is ready; `resume` only starts the service (stored algos resume after
 * reconciliation). Every algo progress event is a line on stdout.
 */
interface ChildArgs {
  mode: 'start' | 'resume';
  dataDir: string;
  tradingUrl: string;
  keyId: string;
  secret: string;
  spec?: { kind: 'twap'; symbol: string; side: 'buy' | 'sell'; qty: number; durationMs: number; slices: number };
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const log = new Logger({ level: 'info', filePath: `${args.dataDir}/child-${args.mode}.log` });
  const service = new OrderService({
    log,
    hub: new EventHub(log),
    dataDir: args.dataDir,
    mode: () => 'demo',
    execution: () => ({ mode: 'demo', keyId: args.keyId, secret: args.secret, baseUrl: args.tradingUrl, requestsPerSecond: 20 }),
  });
  await service.start();
  service.algos.onProgress((progress: AlgoProgress) => {
    say(`progress ${JSON.stringify(progress)}`);
    if (args.mode === 'resume' && progress.status !== 'running') {
      say('done');
      // Let the last journal writes land, then leave as a normal exit would.
      setTimeout(() => {
        service.stop();
        process.exit(0);
      }, 100);
    }
  });
  const manager = service.manager;
  while (!manager.reconciliation || !manager.streamReady) await new Promise((resolve) => setTimeout(resolve, 20));
  say('ready');
  if (args.mode === 'start' && args.spec) {
    const started = service.algos.start(args.spec);
    say(`started ${started.id}`);
  }
}

void main();
