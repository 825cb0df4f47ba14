import { AlpacaVenue } from '../../../../src-main/adapters/alpaca/execution/alpaca-venue.js';
import { resolveExecutionConfig } from '../../../../src-main/adapters/alpaca/execution/execution-config.js';
import { OrderJournal } from '../../../../src-main/kernel/orders/journal/order-journal.js';
import { OrderManager } from '../../../../src-main/kernel/orders/order-manager.js';
import { RiskEngine } from '../../../../src-main/kernel/risk/risk-engine.js';

/**
 * A stand-in for the app that the crash tests kill with SIGKILL: it submits one order through the real order
 * manager (or writes a burst of journal rows), and says on stdout how far it got.
 */
interface ChildArgs {
  mode: 'kill-after-journal' | 'submit' | 'burst';
  dbFile: string;
  tradingUrl?: string;
  keyId?: string;
  secret?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

async function main(): Promise<void> {
  const journal = OrderJournal.open(args.dbFile);
  if (args.mode === 'burst') {
    for (let i = 0; ; i += 1) {
      const at = Date.now();
      journal.insertOrder({
        clientOrderId: `burst-${i}`,
        brokerOrderId: null,
        source: 'burst',
        intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1', extendedHours: false, orderClass: 'simple' },
        status: 'journaled',
        filledQty: '0',
        filledAvgPrice: null,
        brokerUpdatedAt: null,
        createdAt: at,
        updatedAt: at,
        external: false,
        rejectCode: null,
        rejectMessage: null,
        replacesClientOrderId: null,
        parentClientOrderId: null,
      });
      // Acknowledged only after the write returned (synchronous=FULL: it is on disk).
      say(`ack burst-${i}`);
    }
  }
  const venue = new AlpacaVenue(resolveExecutionConfig({ mode: 'demo', keyId: args.keyId ?? '', secret: args.secret ?? '', baseUrl: args.tradingUrl ?? '', timeoutMs: 10_000, requestsPerSecond: 50 }));
  const manager = new OrderManager({
    journal,
    venue,
    risk: new RiskEngine(),
    log: quiet,
    afterJournalWrite: (order) => {
      say(`journaled ${order.clientOrderId}`);
      if (args.mode === 'kill-after-journal') process.kill(process.pid, 'SIGKILL');
    },
  });
  await manager.start();
  while (!manager.streamReady) await new Promise((resolve) => setTimeout(resolve, 20));
  await manager.warm(['AAPL']);
  say('ready');
  const result = await manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '5' }, 'bot-crash');
  say(`result ${JSON.stringify(result)}`);
  manager.stop();
  process.exit(0);
}

void main();
