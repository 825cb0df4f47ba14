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
  mode: 'kill-after-journal' | 'submit' | 'burst' | 'queue-then-trip';
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
  // 'queue-then-trip' paces at 2 requests a second, so most of its ten orders wait in the rate limiter.
  const venue = new AlpacaVenue(resolveExecutionConfig({ mode: 'demo', keyId: args.keyId ?? '', secret: args.secret ?? '', baseUrl: args.tradingUrl ?? '', timeoutMs: 10_000, requestsPerSecond: args.mode === 'queue-then-trip' ? 2 : 50, burst: args.mode === 'queue-then-trip' ? 2 : 50 }));
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
  if (args.mode === 'queue-then-trip') {
    // Ten orders, the kill switch while most wait their turn; the parent kills this process 200 ms after 'tripped'.
    for (let i = 0; i < 10; i += 1) void manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket');
    while (manager.orders().length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = await manager.killSwitch({ flatten: false, reason: 'crash test' });
    say(`tripped ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return;
  }
  const result = await manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '5' }, 'bot-crash');
  say(`result ${JSON.stringify(result)}`);
  await manager.stop();
  process.exit(0);
}

void main();
