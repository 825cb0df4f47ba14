import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { OrderManagerExecution } from '../../../src-main/bots/bot-execution.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';
import { BotRunner, type RunnerEvent } from '../../../src-main/bots/bot-runner.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import type { StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { startHarness, waitFor, type Harness } from '../orders/harness.js';

/**
 * The same sma-cross object, the same real daily bars: once through the backtest engine, once through the live
 * runner whose orders go through a real order manager (risk engine, journal) to the local exchange over HTTP and
 * WebSocket. The decisions (side, quantity, bar time) must be the same sequence. Each bar waits until the bot's
 * orders are settled, as a daily bot's fill arrives long before the next day's bar.
 */
const FILE = 'orcl-2003-2005.txt';
const SYMBOL = 'AAPL';
const PARAMS = { fast: 10, slow: 30, size: 1 };

describe('sma-cross live runner equals the backtest', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);

  afterAll(async () => {
    await h?.close();
  });

  it(`sends the backtest's orders, bar for bar, on ${FILE}`, async () => {
    const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, FILE), 'utf8'), FILE);
    const backtest = backtestBars(smaCross, PARAMS, SYMBOL, bars, { account: { cash: 100_000 } });
    const expected = backtest.orders.map((o) => ({ side: o.side, qty: o.qty, t: o.submittedAt }));
    expect(expected.length).toBeGreaterThan(6);

    const decisions: Array<{ side: string; qty: number; t: number }> = [];
    const events: RunnerEvent[] = [];
    // The bot's own ledger holds the backtest account's cash as its allocation: the same portfolio view.
    const execution = new OrderManagerExecution(() => h.manager, new BotLedger('bot:equivalence', '100000', () => h.manager.openOrders()));
    execution.attach();
    const runner = new BotRunner({
      id: 'equivalence',
      definition: smaCross as unknown as StrategyDefinition,
      params: PARAMS,
      symbols: [SYMBOL],
      timeframe: '1Day',
      execution,
      log: h.log,
      onEvent: (event) => events.push(event),
    });
    // Every order the runner hands to the order manager, with the bar time the strategy decided on.
    let barTime = 0;
    const submit = execution.submit.bind(execution);
    execution.submit = (intent, source) => {
      decisions.push({ side: intent.side ?? '', qty: Number(intent.qty), t: barTime });
      return submit(intent, source);
    };
    runner.start();
    for (const bar of bars) {
      barTime = bar.t;
      runner.onBar(SYMBOL, bar);
      if (runner.pending > 0) await waitFor(() => runner.pending === 0, `the order sent at ${new Date(bar.t).toISOString()}`, 10_000);
    }
    runner.stop();
    execution.detach();

    expect(events.filter((e) => e.kind !== 'order-sent')).toEqual([]);
    expect(decisions).toEqual(expected);
    expect(runner.ordersSent).toBe(expected.length);
    // They reached the broker, under the bot's source, and filled there.
    const mine = h.manager.orders().filter((o) => o.source === 'bot:equivalence');
    expect(mine.map((o) => o.status)).toEqual(expected.map(() => 'filled'));
    const broker = await h.brokerOrders();
    const ids = new Set(mine.map((o) => o.clientOrderId));
    expect(broker.filter((o) => ids.has(o.client_order_id)).every((o) => o.status === 'filled')).toBe(true);
  }, 120_000);
});
